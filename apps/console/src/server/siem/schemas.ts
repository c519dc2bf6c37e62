import { z } from "zod";

export const SIEM_KINDS = ["syslog_tls", "syslog_tcp", "syslog_udp", "splunk_hec", "webhook"] as const;
export const SYSLOG_FORMATS = ["cef", "leef", "rfc5424"] as const;
export const SIEM_STREAMS = ["events", "checkpoints"] as const;
export const SIEM_CATEGORIES = ["admin", "agent", "integrity"] as const;
export const SIEM_OUTCOMES = [
  "success",
  "failure",
  "denied",
  "allow",
  "deny",
  "require_approval",
  "require_mfa",
] as const;

const pem = (what: string) =>
  z
    .string()
    .max(32_768)
    .refine((v) => /-----BEGIN [A-Z ]+-----[\s\S]+-----END [A-Z ]+-----/.test(v), `must be a PEM ${what}`);

/** What a destination forwards. Empty lists mean "all"; types match exactly or by a trailing `*` prefix. */
export const ZSiemFilter = z.strictObject({
  types: z
    .array(
      z
        .string()
        .trim()
        .regex(/^[a-z0-9_.]+\*?$/, "must be an event type such as policy_decision, admin.user.* or integrity_*"),
    )
    .max(100)
    .default([]),
  outcomes: z.array(z.enum(SIEM_OUTCOMES)).max(SIEM_OUTCOMES.length).default([]),
  categories: z.array(z.enum(SIEM_CATEGORIES)).max(SIEM_CATEGORIES.length).default([]),
  minSeverity: z.int().min(0).max(10).default(0),
});
export type TSiemFilter = z.infer<typeof ZSiemFilter>;

const host = z
  .string()
  .trim()
  .min(1, "is required")
  .max(253)
  .regex(/^[A-Za-z0-9.:\-[\]]+$/, "must be a host name or an IP address");
const port = z.int().min(1).max(65_535);
const httpsUrl = z
  .string()
  .trim()
  .url("must be a URL")
  .max(2048)
  .refine((u) => /^https?:\/\//i.test(u), "must be an https:// URL");

const common = {
  name: z.string().trim().min(1, "is required").max(100),
  stream: z.enum(SIEM_STREAMS).default("events"),
  filter: ZSiemFilter.default({ types: [], outcomes: [], categories: [], minSeverity: 0 }),
  enabled: z.boolean().default(true),
};

/**
 * One schema per kind; the secrets (client key, HEC token, webhook secret) are write-only: they
 * are accepted here, stored encrypted, and never returned (the view says whether one is set).
 */
export const ZCreateSiemDestination = z.discriminatedUnion("kind", [
  z.strictObject({
    ...common,
    kind: z.literal("syslog_tls"),
    format: z.enum(SYSLOG_FORMATS),
    host,
    port: port.default(6514),
    caCert: pem("CA certificate").optional(),
    clientCert: pem("certificate").optional(),
    clientKey: pem("private key").optional(),
  }),
  z.strictObject({
    ...common,
    kind: z.literal("syslog_tcp"),
    format: z.enum(SYSLOG_FORMATS),
    host,
    port: port.default(514),
  }),
  z.strictObject({
    ...common,
    kind: z.literal("syslog_udp"),
    format: z.enum(SYSLOG_FORMATS),
    host,
    port: port.default(514),
  }),
  z.strictObject({
    ...common,
    kind: z.literal("splunk_hec"),
    url: httpsUrl,
    token: z.string().trim().min(1, "is required").max(256),
  }),
  z.strictObject({
    ...common,
    kind: z.literal("webhook"),
    url: httpsUrl,
    secret: z.string().min(16, "must be at least 16 characters").max(256),
  }),
]);
export type TCreateSiemDestination = z.infer<typeof ZCreateSiemDestination>;

/** A change: any field of the create form; a secret left out keeps the stored one. The kind cannot change. */
export const ZUpdateSiemDestination = z.strictObject({
  name: common.name.optional(),
  format: z.enum(SYSLOG_FORMATS).optional(),
  stream: z.enum(SIEM_STREAMS).optional(),
  filter: ZSiemFilter.optional(),
  enabled: z.boolean().optional(),
  host: host.optional(),
  port: port.optional(),
  url: httpsUrl.optional(),
  caCert: pem("CA certificate").nullable().optional(),
  clientCert: pem("certificate").nullable().optional(),
  clientKey: pem("private key").nullable().optional(),
  token: z.string().trim().min(1).max(256).optional(),
  secret: z.string().min(16, "must be at least 16 characters").max(256).optional(),
});
export type TUpdateSiemDestination = z.infer<typeof ZUpdateSiemDestination>;

/** Replay: every event received at or after `from` is sent again (receivers drop duplicates by event id). */
export const ZReplaySiemDestination = z.strictObject({
  from: z.iso.datetime({ offset: true, message: "must be an ISO 8601 date and time" }),
});
export type TReplaySiemDestination = z.infer<typeof ZReplaySiemDestination>;
