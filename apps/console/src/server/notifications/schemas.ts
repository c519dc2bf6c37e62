import { z } from "zod";

/**
 * Notification settings as admins enter them: the org's mail server, webhook endpoints and the
 * test email. One schema per operation, shared by the Settings page and the /api/v1 handlers.
 */

export const WEBHOOK_EVENTS = [
  "approval.requested",
  "approval.decided",
  "approval.expired",
  "approval.break_glass",
  "user.invited",
] as const;
export type TWebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const SMTP_SECURITY = ["starttls", "tls", "none"] as const;

const email = z.string().trim().toLowerCase().max(254).email("Enter an email address");
const host = z
  .string()
  .trim()
  .min(1, "Host is required")
  .max(253)
  .regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+|[0-9a-fA-F:]+)$/, "A host name or IP address, without scheme or port");

export const ZEmailSettingsInput = z
  .object({
    enabled: z.boolean().default(true),
    host,
    port: z.coerce.number().int("A whole number").min(1, "1-65535").max(65535, "1-65535"),
    security: z.enum(SMTP_SECURITY),
    username: z.string().trim().max(254).optional().default(""),
    /** Leave out (or empty) to keep the stored password; clearPassword removes it. */
    password: z.string().max(1000).optional(),
    clearPassword: z.boolean().optional().default(false),
    caCert: z
      .string()
      .trim()
      .max(20_000)
      .refine(
        (s) => s === "" || /^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----$/.test(s),
        "Paste a PEM certificate (-----BEGIN CERTIFICATE-----)",
      )
      .optional()
      .default(""),
    fromAddress: email,
    /** The requester's admin contact: who hears about decisions and expiries. */
    approvalsContact: z.array(email).max(20, "At most 20 addresses").default([]),
  })
  .superRefine((v, ctx) => {
    if (v.security === "none" && v.username) {
      ctx.addIssue({
        code: "custom",
        path: ["security"],
        message: "Sign-in needs an encrypted connection: choose STARTTLS or TLS",
      });
    }
  });
export type TEmailSettingsInput = z.input<typeof ZEmailSettingsInput>;
export type TEmailSettings = z.output<typeof ZEmailSettingsInput>;

export const ZTestEmail = z.object({ to: email });
export type TTestEmail = z.infer<typeof ZTestEmail>;

export const ZWebhookInput = z.object({
  name: z.string().trim().min(1, "Name is required").max(80),
  url: z.string().trim().min(1, "URL is required").max(2000),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1, "Choose at least one event"),
  enabled: z.boolean().default(true),
});
export type TWebhookInput = z.input<typeof ZWebhookInput>;
export type TWebhook = z.output<typeof ZWebhookInput>;

export const ZListDeliveries = z.object({
  channel: z.enum(["email", "webhook"]).optional(),
  state: z.enum(["pending", "delivered", "failed"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TListDeliveries = z.infer<typeof ZListDeliveries>;
