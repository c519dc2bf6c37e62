import { z } from "zod";

export const ZCreateGroup = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Name is required")
    .max(80, "Use at most 80 characters")
    .regex(/^[\p{L}\p{N} _.-]+$/u, "Use letters, digits, spaces, '.', '_' or '-'"),
  description: z.string().trim().max(500).default(""),
});
export type TCreateGroup = z.infer<typeof ZCreateGroup>;

export const ZUpdateGroup = z
  .object({ name: ZCreateGroup.shape.name.optional(), description: z.string().trim().max(500).optional() })
  .refine((v) => v.name !== undefined || v.description !== undefined, { message: "Nothing to change" });
export type TUpdateGroup = z.infer<typeof ZUpdateGroup>;

export const ZListGroups = z.object({
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});
export type TListGroups = z.infer<typeof ZListGroups>;

export const ZAddMember = z.object({ userId: z.string().uuid("Choose a user") });
