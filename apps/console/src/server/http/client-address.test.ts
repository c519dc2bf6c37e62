import { afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "../env";
import { clientAddress, SOCKET_ADDRESS_HEADER, socketAddressHeaders } from "./client-address";

function withProxies(list: string | undefined) {
  Object.assign(process.env, {
    DATABASE_URL: "postgres://x@127.0.0.1/x",
    AUTH_SECRET: "x".repeat(32),
    MASTER_KEY: Buffer.alloc(32).toString("base64"),
  });
  if (list === undefined) delete process.env.TRUSTED_PROXIES;
  else process.env.TRUSTED_PROXIES = list;
  resetEnvForTests();
}
afterEach(() => {
  delete process.env.TRUSTED_PROXIES;
  resetEnvForTests();
});

const from = (peer: string, xff?: string) =>
  new Headers({ ...socketAddressHeaders(peer), ...(xff ? { "x-forwarded-for": xff } : {}) });

describe("clientAddress", () => {
  it("is the socket address when no proxy is trusted, whatever X-Forwarded-For says", () => {
    withProxies(undefined);
    expect(clientAddress(from("192.0.2.10", "198.51.100.1"))).toBe("192.0.2.10");
    expect(clientAddress(from("::ffff:192.0.2.11"))).toBe("192.0.2.11");
  });

  it("is unknown when the socket header lacks this process's token", () => {
    withProxies("0.0.0.0/0");
    expect(
      clientAddress(new Headers({ [SOCKET_ADDRESS_HEADER]: "forged 192.0.2.1", "x-forwarded-for": "1.2.3.4" })),
    ).toBeNull();
    expect(clientAddress(new Headers({ "x-forwarded-for": "1.2.3.4" }))).toBeNull();
  });

  it("takes the right-most hop that is not a trusted proxy", () => {
    withProxies("10.0.0.0/8, 192.0.2.1");
    expect(clientAddress(from("192.0.2.1", "198.51.100.9, 203.0.113.4, 10.2.3.4"))).toBe("203.0.113.4");
    // A proxy we do not trust in the middle is where belief stops.
    expect(clientAddress(from("192.0.2.1", "203.0.113.4, 198.51.100.7"))).toBe("198.51.100.7");
    // Only the direct peer decides whether the header counts.
    expect(clientAddress(from("192.0.2.2", "203.0.113.4"))).toBe("192.0.2.2");
    // A trusted proxy passing on something that is not an address: the proxy is the best we know.
    expect(clientAddress(from("192.0.2.1", "not-an-ip"))).toBe("192.0.2.1");
    expect(clientAddress(from("192.0.2.1", "2001:db8::1"))).toBe("2001:db8::1");
  });

  it("stops the process on a malformed TRUSTED_PROXIES, naming it", () => {
    withProxies("10.0.0.0/33");
    expect(() => clientAddress(from("192.0.2.1"))).toThrow(/TRUSTED_PROXIES: "10\.0\.0\.0\/33"/);
  });
});
