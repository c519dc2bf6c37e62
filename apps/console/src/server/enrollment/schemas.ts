import { z } from "zod";

/** Empty form fields mean "not set". */
const blankToNull = (v: unknown) => (v === "" || v === undefined ? null : v);

export const EXPIRY_CHOICES = [
  { hours: 1, label: "1 hour" },
  { hours: 24, label: "24 hours" },
  { hours: 24 * 7, label: "7 days" },
  { hours: 24 * 30, label: "30 days" },
  { hours: 24 * 90, label: "90 days" },
] as const;

export const ZCreateEnrollmentToken = z.object({
  name: z.string().trim().min(1, "Name is required").max(100, "Use at most 100 characters"),
  expiresInHours: z.coerce
    .number({ message: "Choose an expiry" })
    .int("Whole hours")
    .min(1, "At least 1 hour")
    .max(24 * 365, "At most a year"),
  /** null or empty = unlimited uses until it expires. */
  maxUses: z.preprocess(
    blankToNull,
    z.coerce
      .number({ message: "Enter a number" })
      .int("Enter a whole number")
      .min(1, "At least 1")
      .max(100_000)
      .nullable(),
  ),
  groupId: z.preprocess(blankToNull, z.string().uuid("Choose a group").nullable()),
});
export type TCreateEnrollmentToken = z.infer<typeof ZCreateEnrollmentToken>;

export const ZListEnrollmentTokens = z.object({
  status: z.enum(["all", "active", "inactive"]).default("all"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type TListEnrollmentTokens = z.infer<typeof ZListEnrollmentTokens>;
