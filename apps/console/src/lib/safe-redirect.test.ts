import { describe, expect, it } from "vitest";
import { resolveRedirect } from "./safe-redirect";

const ORIGIN = "https://console.example.com";

describe("resolveRedirect", () => {
  it.each([
    ["/devices", "/devices"],
    ["/audit?user=alice#row-3", "/audit?user=alice#row-3"],
    ["/users/%5Cnot-a-host", "/users/%5Cnot-a-host"],
    ["/%5Cevil.example/phish", "/%5Cevil.example/phish"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["https://console.example.com/policies", "/policies"],
    ["/.//evil.example/x", "/evil.example/x"],
    ["/a/../b", "/b"],
    // Same scheme as the console: a browser reads these as paths on the console itself.
    ["https:evil.example", "/evil.example"],
    ["https:/evil.example", "/evil.example"],
  ])("keeps the local target %j as %j", (input, expected) => {
    const out = resolveRedirect(input, ORIGIN);
    expect(out).toBe(expected);
    // Whatever is returned, a browser resolving it lands on the console's own origin.
    expect(new URL(out, ORIGIN).origin).toBe(ORIGIN);
  });

  it.each([
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "\\/evil.example",
    "http://console.example.com/", // other scheme, same host
    "https://console.example.com:8443/",
    "https://console.example.com.evil.example/",
    "https://user:pass@console.example.com/",
    "https://evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    " //evil.example",
    "java\tscript:alert(1)",
    "/\u0000/evil.example",
    "\u2028//evil.example",
    "",
    `/${"a".repeat(3000)}`,
  ])("refuses %j", (input) => {
    expect(resolveRedirect(input, ORIGIN)).toBe("/");
  });

  it("refuses what is not a string and uses the fallback given", () => {
    expect(resolveRedirect(undefined, ORIGIN)).toBe("/");
    expect(resolveRedirect(null, ORIGIN, "/signin")).toBe("/signin");
    expect(resolveRedirect(["/x"], ORIGIN)).toBe("/");
  });

  it("refuses a scheme-relative form that names another scheme", () => {
    for (const t of ["https:evil.example", "https:/evil.example", "https:\\evil.example"]) {
      expect(resolveRedirect(t, "http://localhost:3000")).toBe("/");
    }
  });

  it("compares against the console's own origin, including its port", () => {
    expect(resolveRedirect("http://localhost:3000/x", "http://localhost:3000")).toBe("/x");
    expect(resolveRedirect("http://localhost:3001/x", "http://localhost:3000")).toBe("/");
  });
});
