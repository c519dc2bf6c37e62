import { describe, expect, it } from "vitest";
import { checkServerUrl, isLoopbackHost } from "./loopback";

describe("isLoopbackHost", () => {
  it.each(["127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost", "LOCALHOST", "api.localhost"])(
    "%s is loopback",
    (h) => {
      expect(isLoopbackHost(h)).toBe(true);
    },
  );
  it.each([
    "128.0.0.1",
    "10.0.0.1",
    "0.0.0.0",
    "::",
    "localhost.example.com",
    "127.0.0.1.nip.io",
    "example.com",
    "::2",
  ])("%s is not", (h) => {
    expect(isLoopbackHost(h)).toBe(false);
  });
});

describe("checkServerUrl", () => {
  it("accepts https anywhere and http only to loopback", () => {
    expect(checkServerUrl("https://console.example.com/some/path")).toBe("https://console.example.com");
    expect(checkServerUrl("http://127.0.0.1:3000")).toBe("http://127.0.0.1:3000");
    expect(checkServerUrl("http://[::1]:3000")).toBe("http://[::1]:3000");
    expect(() => checkServerUrl("http://console.example.com")).toThrow(/loopback/);
    expect(() => checkServerUrl("ftp://x")).toThrow(/scheme/);
    expect(() => checkServerUrl("not a url")).toThrow(/not a URL/);
  });
});
