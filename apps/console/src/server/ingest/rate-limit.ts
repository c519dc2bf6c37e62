import { INGEST } from "./limits";

const buckets = new Map<string, { tokens: number; at: number }>();

/**
 * A token bucket per device on this console node: a runaway agent gets 429 + Retry-After instead
 * of starving the others. Per node (not shared): the budget behind N nodes is N times this.
 * Returns the seconds to wait, or 0 when the request may go ahead.
 */
export function takeIngestToken(deviceId: string, now = Date.now()): number {
  const { perSecond, burst } = INGEST.rate;
  const b = buckets.get(deviceId) ?? { tokens: burst, at: now };
  b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
  b.at = now;
  if (b.tokens < 1) {
    buckets.set(deviceId, b);
    return Math.max(1, Math.ceil((1 - b.tokens) / perSecond));
  }
  b.tokens -= 1;
  buckets.set(deviceId, b);
  if (buckets.size > 200_000) buckets.clear(); // bounded memory; a reset only forgives
  return 0;
}
