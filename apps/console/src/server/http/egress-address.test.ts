import { describe, expect, it } from "vitest";
import { addressProblem, allowList, parseAllowEntry } from "./egress-address";

const none = allowList([]);

describe("egress address policy", () => {
  it.each([
    "127.0.0.1",
    "127.8.9.10",
    "0.0.0.0",
    "10.0.0.1",
    "172.16.5.4",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:a9fe:a9fe",
    "[::1]",
    "fe80::1",
    "fe80::1%eth0",
    "fc00::1",
    "fd12:3456::1",
    "64:ff9b::a9fe:a9fe",
    "2002:a9fe:a9fe::1",
    "ff02::1",
  ])("refuses the internal address %s", (ip) => {
    expect(addressProblem(ip, none)).toMatch(/internal address/);
  });

  it.each(["93.184.215.14", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "::ffff:8.8.8.8"])(
    "lets the public address %s through",
    (ip) => {
      expect(addressProblem(ip, none)).toBeNull();
    },
  );

  it("lets through exactly what EGRESS_ALLOW names", () => {
    const allowed = allowList(["10.20.0.0/16", "::1", "127.0.0.1"]);
    expect(addressProblem("10.20.3.4", allowed)).toBeNull();
    expect(addressProblem("10.21.0.1", allowed)).toMatch(/internal/);
    expect(addressProblem("::1", allowed)).toBeNull();
    expect(addressProblem("127.0.0.1", allowed)).toBeNull();
    expect(addressProblem("::ffff:127.0.0.1", allowed)).toBeNull();
    expect(addressProblem("127.0.0.2", allowed)).toMatch(/internal/);
    expect(addressProblem("169.254.169.254", allowed)).toMatch(/internal/);
  });

  it("parses allow-list entries strictly", () => {
    expect(parseAllowEntry("10.0.0.0/8")).toEqual({ net: "10.0.0.0", prefix: 8, type: "ipv4" });
    expect(parseAllowEntry("fd00::/8")).toEqual({ net: "fd00::", prefix: 8, type: "ipv6" });
    for (const bad of ["localhost", "10.0.0.0/33", "10.0.0.0/8/1", "10.0.0.0/", "1.2.3", "::/129"]) {
      expect(parseAllowEntry(bad), bad).toBeNull();
    }
  });
});
