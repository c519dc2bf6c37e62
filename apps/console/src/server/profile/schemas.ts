import { z } from "zod";

export const ZChangePassword = z.object({
  currentPassword: z.string().min(1, "Enter your current password"),
  newPassword: z.string().min(12, "Use at least 12 characters").max(256),
  /** Also revoke every API token of mine (they otherwise keep working after the change). */
  revokeApiTokens: z.boolean().default(false),
});
export const ZConfirmTotp = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "Enter the 6-digit code"),
});
export const ZDisableTotp = z.object({
  password: z.string().min(1, "Enter your password"),
  code: z.string().trim().min(1, "Enter a code from your authenticator app or a recovery code").max(64),
});
export type TDisableTotp = z.infer<typeof ZDisableTotp>;
export const ZCreateApiToken = z.object({
  name: z.string().trim().min(1, "Name is required").max(80),
  expiresInDays: z.coerce.number().int().min(1, "At least 1 day").max(730, "At most 730 days").nullable().default(90),
});
export type TCreateApiToken = z.infer<typeof ZCreateApiToken>;
