import { randomUUID } from "node:crypto";
import { clientAddress } from "./client-address";

export function requestIdOf(req: Request): string {
  const given = req.headers.get("x-request-id");
  return given && /^[\w.-]{8,64}$/.test(given) ? given : randomUUID();
}

/** The client's address (see client-address.ts: trusted proxies only). */
export function clientIp(req: Request): string | null {
  return clientAddress(req.headers);
}

export function userAgent(req: Request): string | null {
  return req.headers.get("user-agent")?.slice(0, 512) ?? null;
}
