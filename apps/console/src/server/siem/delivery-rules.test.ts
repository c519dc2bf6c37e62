import { describe, expect, it } from "vitest";
import { retryDelayMs } from "./deliver-destination";
import { ZSiemFilter } from "./schemas";
import { passesFilter } from "./siem-event";

describe("retry delays", () => {
  it("double per attempt up to 5 minutes, with jitter over the upper half of each step", () => {
    expect(retryDelayMs(1, () => 0)).toBe(500);
    expect(retryDelayMs(1, () => 1)).toBe(1000);
    expect(retryDelayMs(4, () => 1)).toBe(8000);
    expect(retryDelayMs(40, () => 1)).toBe(300_000);
    expect(retryDelayMs(40, () => 0)).toBe(150_000);
  });
});

describe("destination filters", () => {
  const f = (over: object) => ZSiemFilter.parse(over);
  const deny = { ts: "2026-01-01T00:00:00Z", type: "policy_decision", category: "agent", outcome: "deny" };
  const publish = { ts: "2026-01-01T00:00:00Z", type: "admin.policy.publish", category: "admin", outcome: "success" };
  const alarm = { ts: "2026-01-01T00:00:00Z", type: "integrity_gap", category: "integrity", outcome: "failure" };

  it("lets everything through when empty", () => {
    for (const e of [deny, publish, alarm]) expect(passesFilter(f({}), e)).toBe(true);
  });

  it("matches types exactly or by a trailing * prefix, and combines every criterion", () => {
    expect(passesFilter(f({ types: ["admin.*"] }), publish)).toBe(true);
    expect(passesFilter(f({ types: ["admin.*"] }), deny)).toBe(false);
    expect(passesFilter(f({ types: ["policy_decision"] }), deny)).toBe(true);
    expect(passesFilter(f({ types: ["policy"] }), deny)).toBe(false);
    expect(passesFilter(f({ outcomes: ["deny"], categories: ["agent"] }), deny)).toBe(true);
    expect(passesFilter(f({ outcomes: ["deny"], categories: ["admin"] }), deny)).toBe(false);
    expect(passesFilter(f({ minSeverity: 9 }), alarm)).toBe(true);
    expect(passesFilter(f({ minSeverity: 9 }), deny)).toBe(false);
  });

  it("refuses a malformed type pattern, naming it", () => {
    const r = ZSiemFilter.safeParse({ types: ["policy decision"] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["types", 0]);
  });
});
