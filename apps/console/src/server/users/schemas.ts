import { z } from "zod";
import { ROLES } from "../auth/permissions";

/** Shared by the forms and the route handlers: one schema per operation. */
export const ZRole = z.enum(ROLES);

/** `.invalid` is reserved (RFC 2606): the console uses it for held invitations (held-email.ts). */
const ZEmail = z
  .string()
  .trim()
  .toLowerCase()
  .email("Enter a valid email address")
  .max(254)
  .refine((e) => !e.endsWith(".invalid"), "Addresses under .invalid cannot receive email; enter a real address");

export const ZCreateUser = z.object({
  email: ZEmail,
  name: z.string().trim().min(1, "Name is required").max(120),
  role: ZRole.default("viewer"),
  groupIds: z.array(z.string().uuid()).max(50).default([]),
});
export type TCreateUser = z.infer<typeof ZCreateUser>;

export const ZUpdateUser = z
  .object({
    name: z.string().trim().min(1, "Name is required").max(120).optional(),
    email: ZEmail.optional(),
    role: ZRole.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: "Nothing to change" });
export type TUpdateUser = z.infer<typeof ZUpdateUser>;

export const ZListUsers = z.object({
  q: z.string().trim().max(200).optional(),
  status: z.enum(["active", "deactivated"]).optional(),
  role: ZRole.optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});
export type TListUsers = z.infer<typeof ZListUsers>;

export const ZAcceptInvite = z.object({
  token: z.string().min(10).max(200),
  password: z.string().min(12, "Use at least 12 characters").max(256, "Use at most 256 characters"),
});
export type TAcceptInvite = z.infer<typeof ZAcceptInvite>;

export const ZConfirmEmailChange = z.object({ token: z.string().min(10).max(200) });
