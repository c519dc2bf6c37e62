import { z } from "zod";

/** Sign-in input: used by the sign-in form and by the next-auth credentials handler. */
export const ZSignIn = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address"),
  password: z.string().min(1, "Enter your password").max(1024),
  otp: z.string().trim().max(32).optional(),
});
export type TSignIn = z.infer<typeof ZSignIn>;
