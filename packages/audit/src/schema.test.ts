import { describe, expect, it } from "vitest";
import { z } from "zod";
import { EVENT_TYPES, makeEventInputSchema, ZChainedEvent, ZEventInput } from "./index";

const NOW = new Date("2025-06-01T12:00:00Z");
const schema = makeEventInputSchema(NOW);
const good = {
  ts: "2025-06-01T11:59:00.123+02:00",
  type: "policy_decision",
  user: "alice",
  sessionId: "s-1",
  ip: "2001:db8::1",
  command: 'ask-nix "install docker"',
  intent: { action: "install_package", packages: ["docker"] },
  decision: { decision: "deny", rule: "no-containers", reason: "containers need approval" },
  approval: { required: true, method: "webauthn", at: "2025-06-01T11:59:30Z", approver: "bob" },
  execution: { success: false, duration_ms: 12, changes: [] },
  state: { before_hash: "abc", after_hash: "def" },
  error: "denied",
  details: { nested: { list: [1, "two", null] } },
};

function refusal(input: unknown): string {
  const r = schema.safeParse(input);
  expect(r.success).toBe(false);
  return r.success ? "" : z.prettifyError(r.error);
}

describe("event input schema", () => {
  it("accepts a complete, well-formed event and a minimal one", () => {
    expect(schema.parse(good)).toEqual(good);
    expect(schema.parse({ ts: "2025-06-01T12:00:00Z", type: "command_received" })).toBeTruthy();
    expect(EVENT_TYPES).toHaveLength(12);
  });

  it("refuses a missing or unknown type, naming the field", () => {
    const { type: _t, ...noType } = good;
    expect(refusal(noType)).toMatch(/at type/);
    expect(refusal({ ...good, type: "rm_rf" })).toMatch(/at type/);
  });

  it("refuses wrong types, naming the nested field", () => {
    expect(refusal({ ...good, execution: { success: "yes", duration_ms: 1 } })).toMatch(/at execution\.success/);
    expect(refusal({ ...good, execution: { success: true, duration_ms: -1 } })).toMatch(/at execution\.duration_ms/);
    expect(refusal({ ...good, execution: { success: true, duration_ms: 1.5 } })).toMatch(/at execution\.duration_ms/);
    expect(refusal({ ...good, intent: { packages: "docker" } })).toMatch(/at intent\.packages/);
    expect(refusal({ ...good, decision: { decision: "maybe", rule: "r", reason: "x" } })).toMatch(
      /at decision\.decision/,
    );
    expect(refusal({ ...good, ip: "999.1.1.1" })).toMatch(/IPv4 or IPv6[\s\S]*at ip/);
    expect(refusal({ ...good, approval: { required: true, method: "sms" } })).toMatch(/at approval\.method/);
  });

  it("refuses absurd timestamps and timestamps without an offset", () => {
    expect(refusal({ ...good, ts: "2019-12-31T23:59:59Z" })).toMatch(/2020-01-01[\s\S]*at ts/);
    expect(refusal({ ...good, ts: "2025-06-02T12:00:01Z" })).toMatch(/24 hours[\s\S]*at ts/);
    expect(schema.safeParse({ ...good, ts: "2025-06-02T11:59:59Z" }).success).toBe(true);
    expect(refusal({ ...good, ts: "2025-06-01 12:00:00" })).toMatch(/at ts/);
    expect(refusal({ ...good, ts: "2025-06-01T12:00:00" })).toMatch(/at ts/);
    expect(refusal({ ...good, ts: 1748779200000 })).toMatch(/at ts/);
  });

  it("judges the future against the clock it is given", () => {
    const later = makeEventInputSchema(() => new Date("2025-06-03T00:00:00Z"));
    expect(later.safeParse({ ...good, ts: "2025-06-02T12:00:01Z" }).success).toBe(true);
    expect(ZEventInput.safeParse({ ...good, ts: new Date(Date.now() + 25 * 3600_000).toISOString() }).success).toBe(
      false,
    );
  });

  it("refuses unknown keys at any level, naming them", () => {
    expect(refusal({ ...good, admin: true })).toMatch(/admin/);
    expect(refusal({ ...good, intent: { action: "x", sudo: true } })).toMatch(/sudo[\s\S]*at intent/);
  });

  it("limits sizes: command to 8 KiB of UTF-8, lists and strings", () => {
    expect(schema.safeParse({ ...good, command: "a".repeat(8192) }).success).toBe(true);
    expect(refusal({ ...good, command: "a".repeat(8193) })).toMatch(/8 KiB[\s\S]*at command/);
    expect(refusal({ ...good, command: "é".repeat(4097) })).toMatch(/at command/);
    expect(schema.safeParse({ ...good, command: "é".repeat(4096) }).success).toBe(true);
    // Three bytes a UTF-16 unit at most: 2,730 of them always fit, 2,731 can be one byte over.
    expect(schema.safeParse({ ...good, command: "日".repeat(2730) }).success).toBe(true);
    expect(refusal({ ...good, command: "日".repeat(2731) })).toMatch(/8 KiB[\s\S]*at command/);
    expect(schema.safeParse({ ...good, command: `${"a".repeat(8188)}😀` }).success).toBe(true);
    expect(refusal({ ...good, command: `${"a".repeat(8189)}😀` })).toMatch(/at command/);
    expect(refusal({ ...good, intent: { packages: Array(257).fill("p") } })).toMatch(/at intent\.packages/);
    expect(refusal({ ...good, user: "u".repeat(257) })).toMatch(/at user/);
    expect(refusal({ ...good, details: { blob: "x".repeat(20_000) } })).toMatch(/at details/);
    // {"blob":"..."} is 11 characters around the value: 16,384 bytes of JSON fit, one more does not.
    expect(schema.safeParse({ ...good, details: { blob: `${"é".repeat(8186)}a` } }).success).toBe(true);
    expect(refusal({ ...good, details: { blob: `${"é".repeat(8186)}aa` } })).toMatch(/16 KiB[\s\S]*at details/);
  });

  it("chained events need a sequence number and 64-hex hashes", () => {
    const base = { ts: "2025-06-01T12:00:00Z", type: "command_received" };
    const h = "a".repeat(64);
    expect(ZChainedEvent.safeParse({ ...base, seq: 1, prevHash: "0".repeat(64), hash: h }).success).toBe(true);
    const r = ZChainedEvent.safeParse({ ...base, seq: 0, prevHash: "xyz", hash: h.toUpperCase() });
    expect(r.success).toBe(false);
    const paths = r.error?.issues.map((i) => i.path.join(".")).sort();
    expect(paths).toEqual(["hash", "prevHash", "seq"]);
  });
});
