import { z } from "zod";
import { EVENT_TYPES, type TEventType } from "./event-types";

/** Every `ask-nix` lifecycle event plus the agent's own decisions and integrity alarms. */
export { EVENT_TYPES, type TEventType };

/** Console admin actions are recorded as "admin.<area>.<verb>" (sign-in as "auth.signin"). */
export const ADMIN_EVENT_PREFIX = "admin.";

export const GENESIS_HASH = "0".repeat(64);

/** Events stamped before this are clock garbage, not history. */
const EARLIEST_TS = Date.parse("2020-01-01T00:00:00Z");
const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;
const MAX_COMMAND_BYTES = 8 * 1024;
const MAX_DETAILS_BYTES = 16 * 1024;

const utf8 = new TextEncoder();
/** UTF-8 size within `max` bytes; a string of at most max/3 UTF-16 units always is, so it is not encoded. */
const utf8Within = (s: string, max: number) => s.length * 3 <= max || utf8.encode(s).length <= max;
const str = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const list = (maxItems: number, maxLen: number) =>
  z.array(str(maxLen)).max(maxItems, `must have at most ${maxItems} entries`);
const isoDate = z.iso.datetime({ offset: true, message: "must be an ISO 8601 timestamp with an offset" });
export const ZHash = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex characters");

function timestamp(now: () => Date) {
  return isoDate.refine(
    (ts) => {
      const t = Date.parse(ts);
      return Number.isFinite(t) && t >= EARLIEST_TS && t <= now().getTime() + MAX_FUTURE_MS;
    },
    { message: "must be between 2020-01-01 and 24 hours from now" },
  );
}

const ZIntent = z.strictObject({
  action: str(64).optional(),
  packages: list(256, 256).optional(),
  services: list(256, 256).optional(),
});

const ZDecision = z.strictObject({
  decision: z.enum(["allow", "deny", "require_approval", "require_mfa"]),
  rule: str(256),
  reason: str(1024),
});

const ZApproval = z.strictObject({
  required: z.boolean(),
  method: z.enum(["totp", "webauthn", "yubikey", "admin"]).optional(),
  at: isoDate.optional(),
  approver: str(256).optional(),
});

const ZExecution = z.strictObject({
  success: z.boolean(),
  duration_ms: z.int().min(0),
  changes: list(1000, 1024).optional(),
});

const ZState = z.strictObject({ before_hash: str(128).optional(), after_hash: str(128).optional() });

const ZDetails = z
  .record(str(128), z.json())
  .refine((d) => Object.keys(d).length <= 64, "must have at most 64 keys")
  .refine((d) => utf8Within(JSON.stringify(d), MAX_DETAILS_BYTES), "must be at most 16 KiB as JSON");

function eventShape(now: () => Date) {
  return {
    ts: timestamp(now),
    type: z.enum(EVENT_TYPES),
    user: str(256).optional(),
    sessionId: str(128).optional(),
    ip: z.union([z.ipv4(), z.ipv6()], { message: "must be an IPv4 or IPv6 address" }).optional(),
    command: z
      .string()
      .refine((c) => utf8Within(c, MAX_COMMAND_BYTES), "must be at most 8 KiB")
      .optional(),
    intent: ZIntent.optional(),
    decision: ZDecision.optional(),
    approval: ZApproval.optional(),
    execution: ZExecution.optional(),
    state: ZState.optional(),
    error: str(8192).optional(),
    details: ZDetails.optional(),
  };
}

/** Schema for one agent-submitted event; `now` bounds how far in the future `ts` may be. */
export function makeEventInputSchema(now: Date | (() => Date) = () => new Date()) {
  return z.strictObject(eventShape(typeof now === "function" ? now : () => now));
}

/** Same as the input plus its place in the device chain. */
export function makeChainedEventSchema(now: Date | (() => Date) = () => new Date()) {
  return makeEventInputSchema(now).extend({
    seq: z.int().min(1),
    prevHash: ZHash,
    hash: ZHash,
  });
}

export const ZEventInput = makeEventInputSchema();
export type TEventInput = z.infer<typeof ZEventInput>;

export const ZChainedEvent = makeChainedEventSchema();
export type TChainedEvent = z.infer<typeof ZChainedEvent>;
