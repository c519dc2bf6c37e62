import { describe, expect, it } from "vitest";
import { mergePolicies, TIGHTENING } from "./merge";
import { defaultPolicy, ZPolicyDocument } from "./schema";

describe("mergePolicies", () => {
  it("starts from the defaults and lets later layers override field by field", () => {
    const { policy, rejected } = mergePolicies([
      { source: "org", policy: { llm: { model: "llama3.1:8b" }, packages: { deny: ["steam"] } } },
      { source: "group:ml", policy: { llm: { model: "qwen2.5:14b" } } },
      { source: "device:gpu-01", policy: { packages: { deny: [] } } },
    ]);
    expect(rejected).toEqual([]);
    expect(policy.llm.model).toBe("qwen2.5:14b");
    expect(policy.llm.provider).toBe(defaultPolicy().llm.provider);
    expect(policy.packages.deny).toEqual([]);
  });

  it("lets later layers add to a locked blacklist but not remove from it", () => {
    const result = mergePolicies([
      {
        source: "org",
        policy: { commands: { blacklist: ["format_disk", "delete_files"] } },
        locked: ["commands.blacklist"],
      },
      { source: "group:dev", policy: { commands: { blacklist: ["format_disk", "shutdown_system"] } } },
    ]);
    expect(result.policy.commands.blacklist).toEqual(["format_disk", "delete_files", "shutdown_system"]);
    expect(result.rejected).toEqual([
      {
        source: "group:dev",
        path: "commands.blacklist",
        reason: "locked by org: may only add entries; kept delete_files",
      },
    ]);
    expect(result.locked).toEqual(["commands.blacklist"]);
  });

  it("lets later layers narrow a locked whitelist but not widen it", () => {
    const result = mergePolicies([
      {
        source: "org",
        policy: { commands: { whitelist: ["show_info", "install_package"] } },
        locked: ["commands.whitelist"],
      },
      { source: "device:kiosk", policy: { commands: { whitelist: ["show_info", "format_disk"] } } },
    ]);
    expect(result.policy.commands.whitelist).toEqual(["show_info"]);
    expect(result.rejected.map((r) => [r.source, r.path])).toEqual([["device:kiosk", "commands.whitelist"]]);
    expect(result.rejected[0]?.reason).toContain("format_disk");
  });

  it("narrows a locked package allow list, accepting names inside an allowed glob", () => {
    const result = mergePolicies([
      { source: "org", policy: { packages: { allow: ["python3*", "git"] } }, locked: ["packages.allow"] },
      { source: "group:data", policy: { packages: { allow: ["python311", "git", "steam"] } } },
    ]);
    expect(result.policy.packages.allow).toEqual(["python311", "git"]);
    expect(result.rejected).toHaveLength(1);
  });

  it("never turns a locked package allow list into 'any package'", () => {
    const cleared = mergePolicies([
      { source: "org", policy: { packages: { allow: ["git"] } }, locked: ["packages.allow"] },
      { source: "device:x", policy: { packages: { allow: [] } } },
    ]);
    expect(cleared.policy.packages.allow).toEqual(["git"]);
    expect(cleared.rejected).toHaveLength(1);
    const disjoint = mergePolicies([
      { source: "org", policy: { packages: { allow: ["git"] } }, locked: ["packages.allow"] },
      { source: "device:x", policy: { packages: { allow: ["steam"] } } },
    ]);
    expect(disjoint.policy.packages.allow).toEqual(["git"]);
    expect(disjoint.rejected).toHaveLength(1);
  });

  it("moves locked booleans only towards the safe value", () => {
    const loosen = mergePolicies([
      { source: "org", policy: { llm: { allow_external: false } }, locked: ["llm.allow_external"] },
      { source: "device:laptop", policy: { llm: { allow_external: true } } },
    ]);
    expect(loosen.policy.llm.allow_external).toBe(false);
    expect(loosen.rejected).toEqual([
      { source: "device:laptop", path: "llm.allow_external", reason: "locked by org: may only be false" },
    ]);
    const tighten = mergePolicies([
      { source: "org", policy: { llm: { allow_external: true } }, locked: ["llm.allow_external"] },
      { source: "group:finance", policy: { llm: { allow_external: false } } },
    ]);
    expect(tighten.policy.llm.allow_external).toBe(false);
    expect(tighten.rejected).toEqual([]);
  });

  it("locks a whole section, with each field tightened by its own rule", () => {
    const result = mergePolicies([
      { source: "org", policy: { audit: { level: "standard", retention_days: 365 } }, locked: ["audit"] },
      { source: "group:a", policy: { audit: { level: "minimal", retention_days: 30, events: ["command_received"] } } },
      { source: "group:b", policy: { audit: { level: "verbose", retention_days: 2000 } } },
    ]);
    expect(result.policy.audit.level).toBe("verbose");
    expect(result.policy.audit.retention_days).toBe(2000);
    expect(result.policy.audit.events).toEqual(defaultPolicy().audit.events);
    expect(result.rejected.map((r) => r.path)).toEqual(["audit.level", "audit.retention_days", "audit.events"]);
    expect(result.locked).toEqual(["audit"]);
  });

  it("binds only later layers: the locking layer may set the value itself", () => {
    const result = mergePolicies([
      { source: "org", policy: { mfa: { method: "yubikey" } }, locked: ["mfa.method"] },
      { source: "group:x", policy: { mfa: { method: "totp" } } },
    ]);
    expect(result.policy.mfa.method).toBe("yubikey");
    expect(result.rejected[0]?.reason).toBe("locked by org: may not change");
  });

  it("reports invalid values, unknown fields and unknown lock paths instead of applying them", () => {
    const result = mergePolicies([
      {
        source: "org",
        policy: JSON.parse('{"voice":{"enabled":"yes","volume":3},"colour":{}}'),
        locked: ["voice.loudness", "nope"],
      },
    ]);
    expect(result.policy.voice).toEqual(defaultPolicy().voice);
    expect(result.rejected.map((r) => r.path).sort()).toEqual([
      "colour",
      "nope",
      "voice.enabled",
      "voice.loudness",
      "voice.volume",
    ]);
    expect(result.locked).toEqual([]);
  });

  it("has a tightening rule for every policy field", () => {
    const fields = Object.entries(ZPolicyDocument.shape).flatMap(([s, schema]) =>
      Object.keys(schema.shape).map((f) => `${s}.${f}`),
    );
    expect(Object.keys(TIGHTENING).sort()).toEqual(fields.sort());
  });
});
