import { BlockList, isIP } from "node:net";

/** Comma-separated IPv4/IPv6 addresses and CIDRs as a BlockList; throws naming the bad entry. */
export function parseAllowList(allow: string): BlockList {
  const list = new BlockList();
  for (const entry of allow
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [addr, bits] = entry.split("/");
    const family = isIP(addr ?? "");
    if (family === 0) throw new Error(`"${entry}" is not an IP address or CIDR`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) list.addAddress(addr!, type);
    else {
      const n = Number(bits);
      if (!Number.isInteger(n) || n < 0 || n > (family === 4 ? 32 : 128))
        throw new Error(`"${entry}" has a bad prefix length`);
      list.addSubnet(addr!, n, type);
    }
  }
  return list;
}
