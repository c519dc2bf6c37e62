import { timingSafeEqual } from "node:crypto";
import { webhookSignature } from "../http/webhook-signature";

/**
 * Webhook signatures: X-Luminous-Signature is `v1=` and the hex HMAC-SHA256, under the endpoint's
 * secret, of `<timestamp>.<raw body>`, where the timestamp (Unix seconds) is sent in
 * X-Luminous-Timestamp. A receiver recomputes it over the bytes it received and refuses a
 * timestamp outside its tolerance, so a captured delivery cannot be replayed later.
 * docs/notifications.md shows a receiver.
 */
// One signature for every webhook the console sends (notifications and SIEM destinations).
export { SIGNATURE_HEADER, TIMESTAMP_HEADER } from "../http/webhook-signature";
export const signWebhook = webhookSignature;

export type WebhookCheck = { ok: true } | { ok: false; reason: "malformed" | "stale" | "signature" };

/** What a receiver does (used by the tests as a real receiver would). */
export function verifyWebhook(
  secret: string,
  headers: { signature?: string | null; timestamp?: string | null },
  body: string,
  opts: { toleranceSeconds?: number; now?: number } = {},
): WebhookCheck {
  const ts = Number(headers.timestamp);
  if (!headers.signature || !/^\d{1,12}$/.test(headers.timestamp ?? "")) return { ok: false, reason: "malformed" };
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - ts) > (opts.toleranceSeconds ?? 300)) return { ok: false, reason: "stale" };
  const expected = Buffer.from(signWebhook(secret, ts, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given)
    ? { ok: true }
    : { ok: false, reason: "signature" };
}
