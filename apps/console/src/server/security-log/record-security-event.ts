import { log } from "../log";

/**
 * The security log: refusals of unauthenticated requests that cannot be tied to an organisation
 * the caller has proved to know (a guessed enrollment secret, say). They go to the server log,
 * not to a tenant's audit trail, so an outsider cannot write into an org's trail by naming its
 * key fingerprint. Rate-limited per (event, source address): past PER_WINDOW lines a minute one
 * "suppressed" line is written and the rest are counted, so a flood cannot fill the disk.
 */
export const SECURITY_LOG_PER_WINDOW = 20;
const WINDOW_MS = 60_000;
const MAX_SOURCES = 10_000;
const windows = new Map<string, { start: number; count: number }>();

const clip = (v: unknown) => (typeof v === "string" ? v.slice(0, 128) : v);

export function recordSecurityEvent(event: string, source: string | null, fields: Record<string, unknown> = {}): void {
  const now = Date.now();
  const key = `${event}|${source ?? "unknown"}`;
  let w = windows.get(key);
  if (!w || now - w.start >= WINDOW_MS) {
    if (w && w.count > SECURITY_LOG_PER_WINDOW) {
      log("warn", "security event suppressed", { event, source, count: w.count - SECURITY_LOG_PER_WINDOW });
    }
    if (windows.size >= MAX_SOURCES) {
      for (const [k, v] of windows) if (now - v.start >= WINDOW_MS) windows.delete(k);
      if (windows.size >= MAX_SOURCES) windows.clear();
    }
    w = { start: now, count: 0 };
    windows.set(key, w);
  }
  w.count++;
  if (w.count <= SECURITY_LOG_PER_WINDOW) {
    const clipped = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, clip(v)]));
    log("warn", "security event", { event, source, ...clipped });
  } else if (w.count === SECURITY_LOG_PER_WINDOW + 1) {
    log("warn", "security event rate limit reached", { event, source, windowSeconds: WINDOW_MS / 1000 });
  }
}
