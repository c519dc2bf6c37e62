import { describe, expect, it } from "vitest";
import { parseAllowList } from "./allow-list";

describe("METRICS_ALLOW", () => {
  const list = parseAllowList("10.1.0.0/16, 192.0.2.7, fd00::/8");
  it.each([
    ["10.1.200.3", "ipv4", true],
    ["10.2.0.1", "ipv4", false],
    ["192.0.2.7", "ipv4", true],
    ["192.0.2.8", "ipv4", false],
    ["fd12::1", "ipv6", true],
    ["fe80::1", "ipv6", false],
  ] as const)("%s -> %s", (ip, family, allowed) => {
    expect(list.check(ip, family)).toBe(allowed);
  });
  it("names a bad entry", () => {
    expect(() => parseAllowList("10.0.0.0/8, example.com")).toThrow('"example.com" is not an IP address or CIDR');
    expect(() => parseAllowList("10.0.0.0/33")).toThrow("bad prefix length");
  });
});
