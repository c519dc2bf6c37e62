import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePolicy, parsePolicyPatch } from "./parse";
import { defaultPolicy, ZPolicy } from "./schema";
import { serializePolicy } from "./serialize";

const example = readFileSync(new URL("../examples/security-policy.yaml", import.meta.url), "utf8");

describe("parsePolicy (YAML)", () => {
  it("parses the shipped example policy", () => {
    const result = parsePolicy(example);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.policy.commands.mode).toBe("whitelist");
    expect(result.policy.packages.deny).toContain("nmap*");
    expect(result.policy.mfa.method).toBe("webauthn");
    expect(result.policy.llm.fallback_provider).toBe("llamacpp");
    expect(result.policy.audit.retention_days).toBe(730);
  });

  it("fills omitted sections and fields with the secure defaults", () => {
    const result = parsePolicy("commands:\n  mode: blacklist\n");
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.policy.commands.mode).toBe("blacklist");
    expect(result.policy.commands.blacklist).toEqual(defaultPolicy().commands.blacklist);
    expect(result.policy.llm.allow_external).toBe(false);
    expect(result.policy.audit).toEqual(defaultPolicy().audit);
  });

  it("reports a bad enum value deep in the file at its path and line", () => {
    const text = example.replace("    - kernel_modification\n", "    - kernel_modificaton\n");
    const line = text.split("\n").findIndex((l) => l.includes("kernel_modificaton")) + 1;
    const result = parsePolicy(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ path: "commands.blacklist[3]", line, column: 7 });
    expect(result.errors[0]?.message).toContain("kernel_modificaton");
  });

  it("reports an unknown key by name, at the key's own line", () => {
    const text = example.replace("  retention_days: 730\n", "  retention_days: 730\n  retention_dayz: 10\n");
    const line = text.split("\n").findIndex((l) => l.includes("retention_dayz")) + 1;
    const result = parsePolicy(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { path: "audit.retention_dayz", line, column: 3, message: 'unknown key "retention_dayz"' },
    ]);
  });

  it("reports every bad field, sorted by line", () => {
    const text = "mfa:\n  method: sms\naudit:\n  retention_days: 9999\n  level: loud\n";
    const result = parsePolicy(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.path, e.line])).toEqual([
      ["mfa.method", 2],
      ["audit.retention_days", 4],
      ["audit.level", 5],
    ]);
  });

  it("reports a YAML syntax error with its line and column", () => {
    const result = parsePolicy("commands:\n  mode: whitelist\n  whitelist: [show_info\nmfa:\n  method: totp\n");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]?.path).toBe("");
    expect(result.errors[0]?.line).toBeGreaterThanOrEqual(3);
    expect(result.errors[0]?.column).toBeTypeOf("number");
  });

  it("refuses duplicate keys instead of silently keeping the last one", () => {
    const result = parsePolicy("llm:\n  allow_external: false\n  allow_external: true\n");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]?.line).toBe(3);
  });

  it("refuses a document that is not a mapping", () => {
    const result = parsePolicy("- install_package\n");
    expect(result.ok).toBe(false);
  });
});

describe("parsePolicy (JSON)", () => {
  it("auto-detects JSON and reports a bad value with its line", () => {
    const text = '{\n  "commands": {\n    "mode": "whitelist",\n    "whitelist": ["show_info", "rm_rf"]\n  }\n}\n';
    const result = parsePolicy(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ path: "commands.whitelist[1]", line: 4, column: 32 });
  });

  it("reports an unknown key in JSON at its line", () => {
    const text = '{\n  "safety": {\n    "require_confirmation": true,\n    "yolo": true\n  }\n}';
    const result = parsePolicy(text, "json");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([{ path: "safety.yolo", line: 4, column: 5, message: 'unknown key "yolo"' }]);
  });

  it("reports a JSON syntax error (trailing comma) with line and column", () => {
    const result = parsePolicy('{\n  "safety": {\n    "require_confirmation": true,\n  }\n}', "json");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ path: "", line: 4, column: 3 });
    expect(result.errors[0]?.message).toMatch(/JSON/);
  });

  it("refuses YAML-only syntax when the format is JSON", () => {
    expect(parsePolicy("{ safety: { require_confirmation: true } }", "json").ok).toBe(false);
  });
});

describe("serializePolicy", () => {
  it("round-trips YAML -> policy -> YAML -> policy", () => {
    const first = parsePolicy(example);
    if (!first.ok) throw new Error("example must parse");
    const yaml = serializePolicy(first.policy, "yaml");
    const second = parsePolicy(yaml, "yaml");
    if (!second.ok) throw new Error(JSON.stringify(second.errors));
    expect(second.policy).toEqual(first.policy);
    expect(serializePolicy(second.policy, "yaml")).toBe(yaml);
  });

  it("round-trips through JSON and keeps schema key order whatever the input order", () => {
    const policy = defaultPolicy();
    const shuffled = ZPolicy.parse(JSON.parse(JSON.stringify({ audit: policy.audit, commands: policy.commands })));
    const json = serializePolicy(shuffled, "json");
    expect(Object.keys(JSON.parse(json))).toEqual([
      "commands",
      "mfa",
      "packages",
      "safety",
      "rollback",
      "llm",
      "voice",
      "audit",
      "approvals",
    ]);
    const back = parsePolicy(json);
    expect(back.ok && back.policy).toEqual(policy);
  });
});

describe("parsePolicyPatch", () => {
  it("accepts a partial override without filling defaults", () => {
    const result = parsePolicyPatch("packages:\n  deny: [steam]\n");
    expect(result).toEqual({ ok: true, patch: { packages: { deny: ["steam"] } } });
  });

  it("reports bad fields in an override with path and line", () => {
    const result = parsePolicyPatch("voice:\n  enabled: yes please\n");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ path: "voice.enabled", line: 2 });
  });
});

describe("parsePolicy: documents nested past the shared limit", () => {
  it("refuses a JSON source nested 5,000 levels at its path and line, before parsing it", () => {
    const n = 5000;
    const r = parsePolicy(`{\n  "commands": {\n    "blacklist": ${"[".repeat(n)}${"]".repeat(n)}\n  }\n}`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      {
        path: "commands.blacklist[0][0][0][0][0][0][0][0][0][0][0][0][0][0]…",
        line: 3,
        column: 80,
        message: "nests deeper than 64 levels",
      },
    ]);
  });

  it("refuses a YAML document nested past the limit with a clear message", () => {
    let text = "commands:\n  blacklist:\n";
    for (let i = 0; i < 70; i++) text += `${"  ".repeat(i + 2)}-\n`;
    text += `${"  ".repeat(72)}- install_package\n`;
    const r = parsePolicy(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({
      path: expect.stringMatching(/^commands\.blacklist\.0\.0/),
      message: "nests deeper than 64 levels",
    });
  });
});
