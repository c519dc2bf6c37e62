import { describe, expect, it } from "vitest";
import {
  checkApprover,
  defaultApprovals,
  inTimeWindow,
  levelForVote,
  type TApprovals,
  tally,
  type Vote,
  ZApprovals,
} from "./approvals";
import { mergePolicies } from "./merge";
import { parsePolicy } from "./parse";

const twoLevels: TApprovals = {
  ...defaultApprovals(),
  levels: [
    { name: "security", permission: "approval.decide", group: "Security", min_approvals: 1 },
    { name: "team", permission: "approval.decide", group: "Platform", min_approvals: 2 },
  ],
};

const approver = (groups: string[], extra: Partial<{ isRequester: boolean; permissions: string[] }> = {}) => ({
  permissions: extra.permissions ?? ["approval.decide"],
  groups,
  isRequester: extra.isRequester ?? false,
});

const NOW = new Date("2026-12-01T10:00:00Z"); // a Tuesday

describe("tally", () => {
  it("approves only when every level has its approvals (AND across levels)", () => {
    const votes: Vote[] = [
      { userId: "s1", level: "security", verdict: "approve" },
      { userId: "t1", level: "team", verdict: "approve" },
    ];
    expect(tally(twoLevels, votes).status).toBe("pending");
    expect(tally(twoLevels, [...votes, { userId: "t2", level: "team", verdict: "approve" }]).status).toBe("approved");
    // the same person twice is one approval
    expect(tally(twoLevels, [...votes, { userId: "t1", level: "team", verdict: "approve" }]).status).toBe("pending");
  });

  it("a single deny wins over any number of approvals", () => {
    const votes: Vote[] = [
      { userId: "s1", level: "security", verdict: "approve" },
      { userId: "t1", level: "team", verdict: "approve" },
      { userId: "t2", level: "team", verdict: "approve" },
      { userId: "t3", level: "team", verdict: "deny" },
    ];
    expect(tally(twoLevels, votes).status).toBe("denied");
  });

  it("counts a person who could approve at two levels at the level still needing them", () => {
    const votes: Vote[] = [{ userId: "s1", level: "security", verdict: "approve" }];
    expect(levelForVote(twoLevels, votes, ["security", "team"])).toBe("team");
    expect(levelForVote(twoLevels, [], ["security", "team"])).toBe("security");
  });
});

describe("checkApprover", () => {
  it("refuses the requester, whatever their permissions", () => {
    expect(checkApprover(twoLevels, approver(["Security"], { isRequester: true }), NOW)).toMatchObject({
      ok: false,
      reason: "self_approval",
    });
  });

  it("needs the level's permission and group", () => {
    expect(checkApprover(twoLevels, approver(["Security"]), NOW)).toEqual({ ok: true, levels: ["security"] });
    expect(checkApprover(twoLevels, approver(["Sales"]), NOW)).toMatchObject({ ok: false, reason: "not_an_approver" });
    expect(checkApprover(twoLevels, approver(["Security"], { permissions: ["audit.read"] }), NOW)).toMatchObject({
      ok: false,
      reason: "not_an_approver",
    });
  });

  it("refuses an approver outside their time window, in the window's time zone", () => {
    const rules: TApprovals = {
      ...twoLevels,
      levels: [
        {
          name: "security",
          permission: "approval.decide",
          min_approvals: 1,
          time_window: {
            time_zone: "America/New_York",
            days: ["mon", "tue", "wed", "thu", "fri"],
            start: "09:00",
            end: "17:00",
          },
        },
      ],
    };
    // 10:00 UTC is 05:00 in New York: outside
    expect(checkApprover(rules, approver([]), NOW)).toMatchObject({ ok: false, reason: "outside_time_window" });
    // 15:00 UTC is 10:00 in New York on a Tuesday: inside
    expect(checkApprover(rules, approver([]), new Date("2026-12-01T15:00:00Z"))).toMatchObject({ ok: true });
    // Saturday 15:00 UTC: outside (day)
    expect(checkApprover(rules, approver([]), new Date("2026-12-05T15:00:00Z"))).toMatchObject({ ok: false });
  });
});

describe("inTimeWindow", () => {
  const night = { time_zone: "Europe/Berlin", days: ["fri" as const], start: "22:00", end: "06:00" };
  it("a window past midnight belongs to the day it starts", () => {
    expect(inTimeWindow(night, new Date("2026-12-04T22:30:00Z"))).toBe(true); // Fri 23:30 Berlin
    expect(inTimeWindow(night, new Date("2026-12-05T03:00:00Z"))).toBe(true); // Sat 04:00 Berlin
    expect(inTimeWindow(night, new Date("2026-12-05T22:30:00Z"))).toBe(false); // Sat 23:30 Berlin
    expect(inTimeWindow(night, new Date("2026-12-04T12:00:00Z"))).toBe(false); // Fri 13:00 Berlin
  });
});

describe("approval rules in the policy", () => {
  it("are validated, naming the failing field", () => {
    const r = ZApprovals.safeParse({
      ...defaultApprovals(),
      levels: [
        {
          name: "x",
          permission: "approval.decide",
          min_approvals: 1,
          time_window: { time_zone: "Mars/Olympus", days: ["mon"], start: "09:00", end: "17:00" },
        },
      ],
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path.join(".")).toBe("levels.0.time_window.time_zone");
  });

  it("a policy without an approvals section gets the defaults", () => {
    const r = parsePolicy("commands:\n  mode: blacklist\n");
    expect(r.ok && r.policy.approvals).toEqual(defaultApprovals());
  });

  it("a locked approval setup cannot be loosened by a group", () => {
    const r = mergePolicies([
      { source: "org", policy: { approvals: twoLevels }, locked: ["approvals"] },
      {
        source: "group:dev",
        policy: {
          approvals: { levels: [twoLevels.levels[1]!], expire_after_seconds: 60, break_glass: ["system_upgrade"] },
        },
      },
    ]);
    expect(r.policy.approvals.levels).toEqual(twoLevels.levels);
    expect(r.policy.approvals.expire_after_seconds).toBe(60); // shorter is tighter
    expect(r.policy.approvals.break_glass).toEqual([]);
    expect(r.rejected.map((x) => x.path).sort()).toEqual(["approvals.break_glass", "approvals.levels"]);
  });
});

describe("break-glass actions in the policy", () => {
  it("must be actions the policy sends for approval or MFA, listed once", () => {
    const ok = parsePolicy("approvals:\n  break_glass: [system_upgrade, modify_firewall]\n");
    expect(ok.ok && ok.policy.approvals.break_glass).toEqual(["system_upgrade", "modify_firewall"]);

    const denied = parsePolicy("approvals:\n  break_glass:\n    - system_upgrade\n    - format_disk\n");
    expect(denied.ok).toBe(false);
    expect(!denied.ok && denied.errors).toEqual([
      expect.objectContaining({
        path: "approvals.break_glass[1]",
        line: 4,
        message: `format_disk is denied by commands; break-glass cannot allow it (got "format_disk")`,
      }),
    ]);

    const free = parsePolicy("approvals:\n  break_glass: [show_info]\n");
    expect(!free.ok && free.errors[0]).toMatchObject({
      path: "approvals.break_glass[0]",
      message: expect.stringMatching(/^show_info needs no approval or MFA/),
    });

    const twice = parsePolicy("approvals:\n  break_glass: [system_upgrade, system_upgrade]\n");
    expect(!twice.ok && twice.errors[0]).toMatchObject({
      path: "approvals.break_glass",
      message: expect.stringMatching(/^actions must be listed once/),
    });
  });
});
