import { describe, expect, it } from "vitest";
import { diffPolicies, policyHash } from "./diff";
import { defaultPolicy } from "./schema";

describe("policyHash", () => {
  it("is stable across key order and changes with any field", () => {
    const a = defaultPolicy();
    const reordered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(a).reverse())));
    expect(policyHash(reordered)).toBe(policyHash(a));
    expect(policyHash(a)).toMatch(/^[0-9a-f]{64}$/);
    const b = defaultPolicy();
    b.audit.retention_days = 366;
    expect(policyHash(b)).not.toBe(policyHash(a));
  });
});

describe("diffPolicies", () => {
  it("lists changed fields with before and after, in document order", () => {
    const a = defaultPolicy();
    const b = defaultPolicy();
    b.commands.blacklist = [...a.commands.blacklist, "modify_firewall"];
    b.llm.allow_external = true;
    b.llm.fallback_provider = "openai";
    expect(diffPolicies(a, b)).toEqual([
      { path: "commands.blacklist", before: a.commands.blacklist, after: b.commands.blacklist },
      { path: "llm.allow_external", before: false, after: true },
      { path: "llm.fallback_provider", before: undefined, after: "openai" },
    ]);
  });

  it("is empty for equal policies", () => {
    expect(diffPolicies(defaultPolicy(), defaultPolicy())).toEqual([]);
  });
});
