import { describe, expect, it } from "vitest";
import { findNul } from "./nul";

describe("findNul", () => {
  it("names the first string or key holding U+0000, with its path", () => {
    expect(findNul({ command: "ok", intent: { packages: ["a", "b\u0000"] } })).toBe("intent.packages.1");
    expect(findNul({ details: { "k\u0000": 1 } })).toBe("details.k\\u0000");
    expect(findNul("x\u0000")).toBe("(event)");
  });

  it("passes values without one, including the six characters \\u0000 as text", () => {
    expect(findNul({ command: "\\u0000", n: 1, b: true, z: null, list: [{ a: "b" }] })).toBeNull();
  });
});
