import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Signing of outbound webhooks (SIEM webhooks; one module so every webhook the console sends is
 * signed the same way). The receiver gets
 *   X-Luminous-Timestamp: <unix seconds>
 *   X-Luminous-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 * and refuses a bad signature or a timestamp outside its tolerance (replay).
 */
export const SIGNATURE_HEADER = "x-luminous-signature";
export const TIMESTAMP_HEADER = "x-luminous-timestamp";
/** How far a receiver should accept a timestamp from its own clock (seconds). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** The headers to send with `body`. */
export function signWebhook(secret: string, body: string, now = Date.now()): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: webhookSignature(secret, timestamp, body) };
}

/** What a receiver does (documented in docs/siem.md; used by the tests' receiver). */
export function verifyWebhook(
  secret: string,
  body: string,
  headers: { timestamp?: string | null; signature?: string | null },
  opts: { now?: number; toleranceSeconds?: number } = {},
): "ok" | "missing" | "stale" | "bad_signature" {
  if (!headers.timestamp || !headers.signature || !/^\d{1,12}$/.test(headers.timestamp)) return "missing";
  const ts = Number(headers.timestamp);
  const now = Math.floor((opts.now ?? Date.now()) / 1000);
  if (Math.abs(now - ts) > (opts.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return "stale";
  const want = Buffer.from(webhookSignature(secret, ts, body));
  const got = Buffer.from(headers.signature);
  return want.length === got.length && timingSafeEqual(want, got) ? "ok" : "bad_signature";
}
