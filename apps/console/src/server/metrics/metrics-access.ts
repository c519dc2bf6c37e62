import { timingSafeEqual } from "node:crypto";
import { type BlockList, isIP } from "node:net";
import { env } from "../env";
import { AppError } from "../http/errors";
import { parseAllowList } from "./allow-list";

/** Set by a process that serves /metrics on a listener of its own (scripts/start.mjs with METRICS_PORT). */
export const METRICS_LISTENER_HEADER = "x-luminous-metrics-listener";
const g = globalThis as unknown as { __luminousMetricsListener?: { secret: string } };

export interface ScrapeRequest {
  authorization: string | null;
  /** The caller's address as the console determines it (socket, or the trusted proxy's hop). */
  address: string | null;
  /** The value of METRICS_LISTENER_HEADER, which only the dedicated listener sets. */
  listenerSecret: string | null;
}

/**
 * Who may scrape. With a dedicated metrics listener, /metrics is not served on the public one.
 * METRICS_TOKEN asks for `Authorization: Bearer <token>`; METRICS_ALLOW for a caller address in
 * its list; both may be set (both must hold). With neither, only the dedicated listener answers:
 * metrics are never open on the public listener by default.
 */
export function checkScrapeAccess(r: ScrapeRequest): void {
  const { METRICS_TOKEN: token, METRICS_ALLOW: allow } = env();
  const dedicated = g.__luminousMetricsListener;
  const viaDedicated = dedicated !== undefined && r.listenerSecret !== null && same(r.listenerSecret, dedicated.secret);
  if (dedicated && !viaDedicated)
    throw new AppError("not_found", "Metrics are served on their own listener (METRICS_PORT)");
  if (!token && !allow && !viaDedicated) {
    throw new AppError(
      "forbidden",
      "Metrics are off on this listener: set METRICS_TOKEN or METRICS_ALLOW, or METRICS_PORT",
    );
  }
  if (token) {
    const m = /^Bearer (.+)$/.exec(r.authorization ?? "");
    if (!m) throw new AppError("unauthenticated", "Metrics need `Authorization: Bearer <METRICS_TOKEN>`");
    if (!same(m[1]!, token)) throw new AppError("forbidden", "Wrong metrics token");
  }
  if (allow && !addressAllowed(r.address, allow)) {
    throw new AppError("forbidden", "This address may not scrape metrics (METRICS_ALLOW)");
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

let parsed: { source: string; list: BlockList } | undefined;

/** METRICS_ALLOW: comma-separated addresses and CIDRs (IPv4 and IPv6); the env module validated them. */
export function addressAllowed(address: string | null, allow: string): boolean {
  if (!address) return false;
  if (parsed?.source !== allow) parsed = { source: allow, list: parseAllowList(allow) };
  const ip = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  const family = isIP(ip);
  if (family === 0) return false;
  return parsed.list.check(ip, family === 4 ? "ipv4" : "ipv6");
}
