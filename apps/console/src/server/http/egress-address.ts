import { BlockList, isIP } from "node:net";

/**
 * Which network addresses a server-side request to an admin-supplied URL may reach. Everything
 * that is not the public internet is refused: loopback, link-local (cloud metadata at
 * 169.254.169.254), private and unique-local ranges, CGNAT, multicast, documentation and reserved
 * ranges, and the IPv6 forms that embed an IPv4 address (mapped, NAT64, 6to4, Teredo), unless
 * the EGRESS_ALLOW setting names the address or its range.
 */
const INTERNAL: [string, number, "ipv4" | "ipv6"][] = [
  ["0.0.0.0", 8, "ipv4"],
  ["10.0.0.0", 8, "ipv4"],
  ["100.64.0.0", 10, "ipv4"],
  ["127.0.0.0", 8, "ipv4"],
  ["169.254.0.0", 16, "ipv4"],
  ["172.16.0.0", 12, "ipv4"],
  ["192.0.0.0", 24, "ipv4"],
  ["192.0.2.0", 24, "ipv4"],
  ["192.88.99.0", 24, "ipv4"],
  ["192.168.0.0", 16, "ipv4"],
  ["198.18.0.0", 15, "ipv4"],
  ["198.51.100.0", 24, "ipv4"],
  ["203.0.113.0", 24, "ipv4"],
  ["224.0.0.0", 4, "ipv4"],
  ["240.0.0.0", 4, "ipv4"],
  ["::", 128, "ipv6"],
  ["::1", 128, "ipv6"],
  ["::", 96, "ipv6"], // IPv4-compatible (deprecated)
  ["64:ff9b::", 96, "ipv6"],
  ["64:ff9b:1::", 48, "ipv6"],
  ["100::", 64, "ipv6"],
  ["2001::", 23, "ipv6"], // IETF protocol assignments, Teredo included
  ["2001:db8::", 32, "ipv6"],
  ["2002::", 16, "ipv6"],
  ["fc00::", 7, "ipv6"],
  ["fe80::", 10, "ipv6"],
  ["fec0::", 10, "ipv6"],
  ["ff00::", 8, "ipv6"],
];

const internal = new BlockList();
for (const [net, prefix, type] of INTERNAL) internal.addSubnet(net, prefix, type);

function family(ip: string): "ipv4" | "ipv6" | null {
  const v = isIP(ip);
  return v === 4 ? "ipv4" : v === 6 ? "ipv6" : null;
}

/** An EGRESS_ALLOW entry: an address or a CIDR range (`10.20.0.0/16`, `::1`, `fd00::/8`). */
export function parseAllowEntry(entry: string): { net: string; prefix: number; type: "ipv4" | "ipv6" } | null {
  const [net = "", bits, extra] = entry.trim().split("/");
  const type = family(net);
  if (!type || extra !== undefined) return null;
  const max = type === "ipv4" ? 32 : 128;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : Number.NaN;
  if (!(prefix >= 0 && prefix <= max)) return null;
  return { net, prefix, type };
}

export function allowList(entries: string[]): BlockList {
  const list = new BlockList();
  for (const e of entries) {
    const p = parseAllowEntry(e);
    if (p) list.addSubnet(p.net, p.prefix, p.type);
  }
  return list;
}

/** IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is the IPv4 address itself. */
function unmapped(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (m?.[1]) return m[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(ip);
  if (hex?.[1] && hex[2]) {
    const a = Number.parseInt(hex[1], 16);
    const b = Number.parseInt(hex[2], 16);
    return `${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`;
  }
  return ip;
}

/** null when the address may be reached; otherwise why not. */
export function addressProblem(address: string, allowed: BlockList): string | null {
  const ip = unmapped(address.replace(/^\[|\]$/g, "").replace(/%.*$/, ""));
  const type = family(ip);
  if (!type) return "not an IP address";
  if (allowed.check(ip, type)) return null;
  if (internal.check(ip, type)) return `${ip} is an internal address (loopback, link-local, private or reserved)`;
  return null;
}

export function isLoopback(address: string): boolean {
  const ip = unmapped(address.replace(/^\[|\]$/g, ""));
  return ip === "::1" || /^127\./.test(ip);
}
