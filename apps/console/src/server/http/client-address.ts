import { randomBytes } from "node:crypto";
import ipaddr from "ipaddr.js";
import proxyaddr from "proxy-addr";
import { env } from "../env";

/**
 * The one answer to "which address is this request from", for rate limits, audit events and
 * sessions alike.
 *
 * Next.js route handlers never see the TCP socket, so each server we run (scripts/start.mjs for
 * the console, scripts/agent-api.ts, the test servers) writes the peer address into
 * SOCKET_ADDRESS_HEADER, replacing whatever a client sent under that name, prefixed by a random
 * token of this process. A header without the token (a client trying it, or a server that does
 * not stamp, such as `next dev`) counts as no socket address at all.
 *
 * X-Forwarded-For is read only when the socket peer is one of TRUSTED_PROXIES: walking from the
 * right, trusted hops are skipped and the first untrusted one is the client (proxy-addr). Without
 * trusted proxies the header is ignored.
 */
export const SOCKET_ADDRESS_HEADER = "x-luminous-socket-address";

const TOKEN_KEY = "__luminousSocketToken";
type TokenHolder = { [TOKEN_KEY]?: string };

/** Shared with scripts/start.mjs through globalThis: both run in one process. */
export function socketToken(): string {
  const g = globalThis as TokenHolder;
  g[TOKEN_KEY] ??= randomBytes(18).toString("base64url");
  return g[TOKEN_KEY];
}

type HeaderBag = Headers | Record<string, unknown>;

function read(headers: HeaderBag, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  const v = headers[name];
  return typeof v === "string" ? v : Array.isArray(v) ? v.join(", ") : null;
}

/** The header a server of ours adds for a peer at this address (tests build requests with it). */
export function socketAddressHeaders(remoteAddress: string): Record<string, string> {
  return { [SOCKET_ADDRESS_HEADER]: `${socketToken()} ${remoteAddress}` };
}

/** Sets the socket address header on a request a server of ours is about to hand to a route. */
export function stampSocketAddress(headers: Headers, remoteAddress: string | undefined | null): void {
  headers.delete(SOCKET_ADDRESS_HEADER);
  if (remoteAddress) headers.set(SOCKET_ADDRESS_HEADER, `${socketToken()} ${remoteAddress}`);
}

function socketAddress(headers: HeaderBag): string | null {
  const v = read(headers, SOCKET_ADDRESS_HEADER);
  if (!v) return null;
  const [token, addr] = v.split(" ");
  return token === socketToken() && addr && ipaddr.isValid(addr) ? addr : null;
}

let trustFor: { spec: string[]; fn: (addr: string, i: number) => boolean } | undefined;
function trust(): (addr: string, i: number) => boolean {
  const spec = env().TRUSTED_PROXIES;
  if (trustFor?.spec !== spec) {
    trustFor = { spec, fn: spec.length ? proxyaddr.compile(spec) : () => false };
  }
  return trustFor.fn;
}

/** IPv4-mapped IPv6 (::ffff:192.0.2.1, what a dual-stack socket reports) as plain IPv4. */
function normalise(addr: string): string {
  const parsed = ipaddr.parse(addr);
  return parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()
    ? (parsed as ipaddr.IPv6).toIPv4Address().toString()
    : parsed.toString();
}

export function clientAddress(headers: HeaderBag): string | null {
  const socket = socketAddress(headers);
  if (!socket) return null;
  const xff = read(headers, "x-forwarded-for");
  // [socket, nearest hop, ..., client]: proxy-addr stops at the first hop it does not trust.
  const hops = proxyaddr.all(
    { headers: xff ? { "x-forwarded-for": xff } : {}, socket: { remoteAddress: socket } } as never,
    trust(),
  );
  // A trusted proxy passing on something that is not an address: the last address we can vouch for.
  for (let i = hops.length - 1; i >= 0; i--) if (ipaddr.isValid(hops[i]!)) return normalise(hops[i]!);
  return normalise(socket);
}
