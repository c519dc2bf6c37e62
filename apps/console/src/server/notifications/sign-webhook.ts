import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Webhook signatures: X-Luminous-Signature is `v1=` and the hex HMAC-SHA256, under the endpoint's
 * secret, of `<timestamp>.<raw body>`, where the timestamp (Unix seconds) is sent in
 * X-Luminous-Timestamp. A receiver recomputes it over the bytes it received and refuses a
 * timestamp outside its tolerance, so a captured delivery cannot be replayed later.
 * docs/notifications.md shows a receiver.
 */
export const SIGNATURE_HEADER = "x-luminous-signature";
export const TIMESTAMP_HEADER = "x-luminous-timestamp";

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

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
