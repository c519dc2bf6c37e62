import proxyaddr from "proxy-addr";
import { z } from "zod";
import { parseAllowEntry } from "./http/egress-address";
import { parseAllowList } from "./metrics/allow-list";

/**
 * The only place that reads process.env. Parsed once; a missing or malformed variable stops
 * the process with a message naming it.
 */
const ZEnv = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL"),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
  MASTER_KEY: z.string().refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes, base64-encoded"),
  PUBLIC_URL: z.string().url().default("http://localhost:3000"),
  SESSION_MAX_AGE_SECONDS: z.coerce
    .number()
    .int()
    .min(300)
    .default(8 * 3600),
  SESSION_IDLE_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(30 * 60),
  /**
   * Addresses or CIDRs (comma-separated; also loopback, linklocal, uniquelocal) of the reverse
   * proxies whose X-Forwarded-For is believed. Empty: the header is ignored.
   */
  TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((v, c) => {
      const list = v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      for (const item of list) {
        try {
          proxyaddr.compile(item);
        } catch {
          c.addIssue({
            code: "custom",
            message: `"${item}" is not an IP address, a CIDR range or loopback/linklocal/uniquelocal`,
          });
        }
      }
      return list;
    }),
  /** How often the worker signs audit checkpoints; verification requires rows older than twice this covered. */
  AUDIT_CHECKPOINT_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
  /**
   * Internal addresses (loopback, private, link-local...) that server-side requests to
   * admin-supplied URLs may reach: comma-separated addresses or CIDR ranges. Empty: none.
   */
  EGRESS_ALLOW: z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .refine((list) => list.every((x) => parseAllowEntry(x)), "comma-separated IP addresses or CIDR ranges"),
  /** Bearer token a Prometheus scraper sends for /metrics. */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** Addresses/CIDRs allowed to scrape /metrics, comma-separated. */
  METRICS_ALLOW: z
    .string()
    .refine((v) => {
      try {
        parseAllowList(v);
        return true;
      } catch {
        return false;
      }
    }, "must be comma-separated IP addresses or CIDRs")
    .optional(),
  /** The worker's /metrics listener (none when unset) and its address. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  WORKER_METRICS_HOST: z.string().default("127.0.0.1"),
  /**
   * Password sign-in attempts one client address may make in 5 minutes, whatever the account
   * (spraying many accounts from one place); each (email, address) pair is throttled on its own.
   * Raise it when many people sign in from behind one NAT or proxy address.
   */
  SIGNIN_ATTEMPTS_PER_ADDRESS: z.coerce.number().int().min(5).max(100_000).default(30),
  /** Requests a minute one org's SCIM token may make (shared by every node); past it, 429. */
  SCIM_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(10).max(100_000).default(1200),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});

export type TEnv = z.infer<typeof ZEnv>;

let cached: TEnv | undefined;

export function env(): TEnv {
  if (cached) return cached;
  const parsed = ZEnv.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${lines}`);
  }
  cached = parsed.data;
  return cached;
}

export function masterKey(): Buffer {
  return Buffer.from(env().MASTER_KEY, "base64");
}

/** Tests point the console at their own database and secrets. */
export function resetEnvForTests(): void {
  cached = undefined;
}
