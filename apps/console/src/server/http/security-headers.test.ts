import { describe, expect, it } from "vitest";
import { applyApiHeaders, baseSecurityHeaders, contentSecurityPolicy, newNonce } from "./security-headers";

const directive = (csp: string, name: string) =>
  csp
    .split(";")
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `));

describe("security headers", () => {
  it("lets only scripts with this response's nonce run, and no framing", () => {
    const csp = contentSecurityPolicy("abc123==");
    expect(directive(csp, "script-src")).toBe("script-src 'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).not.toContain("unsafe-eval");
    expect(directive(csp, "frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(directive(csp, "object-src")).toBe("object-src 'none'");
    expect(directive(csp, "base-uri")).toBe("base-uri 'self'");
  });

  it("allows eval only for the development server", () => {
    expect(contentSecurityPolicy("n", { dev: true })).toContain("'unsafe-eval'");
  });

  it("draws a fresh 128-bit nonce each time", () => {
    const a = newNonce();
    expect(Buffer.from(a, "base64")).toHaveLength(16);
    expect(a).not.toBe(newNonce());
  });

  it("sends HSTS only when the console is reached over https", () => {
    expect(baseSecurityHeaders("https://console.example.com")["strict-transport-security"]).toMatch(/max-age=\d{8}/);
    expect(baseSecurityHeaders("http://localhost:3000")["strict-transport-security"]).toBeUndefined();
  });

  it("makes API answers no-store unless the handler chose its caching", () => {
    const h = new Headers();
    applyApiHeaders(h, "http://localhost:3000");
    expect(h.get("cache-control")).toBe("no-store");
    expect(h.get("x-content-type-options")).toBe("nosniff");
    const kept = new Headers({ "cache-control": "private, max-age=60" });
    applyApiHeaders(kept, "http://localhost:3000");
    expect(kept.get("cache-control")).toBe("private, max-age=60");
  });
});
