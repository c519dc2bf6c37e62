import { describe, expect, it } from "vitest";
import { evaluateCompliance } from "@/server/compliance/evaluate-compliance";
import { getComplianceSummary } from "@/server/compliance/get-compliance-summary";
import { clearLiveControlStatus } from "@/server/compliance/live-control-status";
import { snapshotCompliance } from "@/server/compliance/snapshot-compliance";
import { db } from "@/server/db";
import { setupTestDatabase } from "../harness";
import { MARCH, seedCompliance } from "./seed";

setupTestDatabase();

describe("compliance evidence from the org's data", () => {
  it("gives the known answer for each SOC 2 control over March, exceptions linked to their events", async () => {
    const s = await seedCompliance();
    const { report } = await evaluateCompliance({ orgId: s.orgId, framework: "soc2", ...MARCH, generatedBy: "t" });
    const c = Object.fromEntries(report.controls.map((x) => [x.ref, x]));
    expect(report.summary.events).toBe(8); // 6 admin + 2 device events in March; 2 outside it
    expect(c["CC6.1"]!.exceptions.map((x) => x.summary)).toEqual([
      `${s.bob.email}: no second factor until 2026-03-05`,
      `${s.mallory.email}: no second factor`,
    ]);
    expect(c["CC6.1"]!.population).toBe(4);
    expect(c["CC6.1"]!.numbers.signIns).toBe(1); // the sign-in on 28 Feb is outside the period
    const gone = c["CC6.2"]!.exceptions;
    expect(gone.map((x) => x.summary)).toEqual([`${s.dave.email}: 1 action(s) after deactivation on 2026-03-10`]);
    expect(gone[0]!.eventIds).toHaveLength(1);
    expect(c["CC6.3"]!.exceptions).toHaveLength(1);
    expect(c["CC7.2"]!.exceptions.map((x) => x.summary)).toEqual([
      "ws-1: 1 integrity alarm(s) (integrity_gap)",
      "ws-2: audit logging disabled by policy",
    ]);
    // publish of v2 without a note by its author; the publish on 1 April is outside March
    expect(c["CC8.1"]!.population).toBe(2);
    expect(c["CC8.1"]!.exceptions.map((x) => x.summary)).toEqual([
      `base v2: authored and published by ${s.carol.email} with no approval`,
      "base v2: published without a change note",
    ]);
    expect(c["CC8.1"]!.status).toBe("fail");
    expect(c["CC6.6"]!.status).toBe("pass");
  });

  it("a period that ends before the exceptions happened has none of them", async () => {
    const s = await seedCompliance();
    const { report } = await evaluateCompliance({
      orgId: s.orgId,
      framework: "soc2",
      from: MARCH.from,
      to: new Date("2026-03-04T00:00:00Z"),
      generatedBy: "t",
    });
    const c = Object.fromEntries(report.controls.map((x) => [x.ref, x]));
    expect(c["CC8.1"]!.population).toBe(1);
    expect(c["CC8.1"]!.exceptions).toEqual([]);
    expect(c["CC6.2"]!.exceptions).toEqual([]);
    // bob's MFA was enabled after this period: with no change inside it, he has one now
    expect(c["CC6.1"]!.exceptions.map((x) => x.subject.id)).toEqual([s.mallory.id]);
  });

  it("the dashboard summary reads the stored daily history, with today evaluated live, and links to the page", async () => {
    const s = await seedCompliance();
    // The worker's history: 1 March (its first run, on 2 March), then 2 to 31 March (caught up on 1 April).
    await snapshotCompliance(s.orgId, new Date("2026-03-02T01:00:00Z"));
    await snapshotCompliance(s.orgId, new Date("2026-04-01T01:00:00Z"));
    const sum = await getComplianceSummary(s.orgId, {
      from: MARCH.from,
      to: MARCH.to,
      now: new Date("2026-04-01T01:00:00Z"),
    });
    expect(sum.frameworks.map((f) => f.framework)).toEqual(["soc2", "iso27001", "pci"]);
    expect(sum.days).toEqual({ total: 31, recorded: 31, today: false });
    const soc2 = sum.frameworks[0]!;
    // dave's sign-in after his deactivation failed CC6.2 on 12 March: the month fails.
    expect(soc2.status).toBe("fail");
    expect(soc2.pass + soc2.attention + soc2.fail).toBe(6);
    expect(soc2.href).toBe("/compliance?framework=soc2&from=2026-03-01&to=2026-04-01");
    // One stored day gives exactly that day's statuses.
    const day12 = await getComplianceSummary(s.orgId, {
      from: new Date("2026-03-12T00:00:00Z"),
      to: new Date("2026-03-13T00:00:00Z"),
      now: new Date("2026-04-01T01:00:00Z"),
    });
    const stored = await db().complianceSnapshot.findMany({
      where: { orgId: s.orgId, day: "2026-03-12", controlId: { startsWith: "soc2." } },
    });
    const n = (st: string) => stored.filter((x) => x.status === st).length;
    expect(day12.frameworks[0]).toMatchObject({
      status: "fail",
      pass: n("pass"),
      attention: n("attention"),
      fail: n("fail"),
    });
    expect(stored.find((x) => x.controlId === "soc2.CC6.2")!.status).toBe("fail");

    // On 12 March at 15:00 the day is not stored yet: it is evaluated live, as a report of the day so far.
    clearLiveControlStatus();
    const noon = { from: new Date("2026-03-12T00:00:00Z"), to: new Date("2026-03-12T15:00:00Z") };
    const live = await getComplianceSummary(s.orgId, { ...noon, now: noon.to });
    expect(live.days).toEqual({ total: 1, recorded: 0, today: true });
    const { report } = await evaluateCompliance({ orgId: s.orgId, framework: "soc2", ...noon, generatedBy: "t" });
    expect(live.frameworks[0]).toMatchObject({
      pass: report.summary.pass,
      attention: report.summary.attention,
      fail: report.summary.fail,
    });

    // A period before any stored day has no status rather than a made-up pass.
    const none = await getComplianceSummary(s.orgId, {
      from: new Date("2026-01-01T00:00:00Z"),
      to: new Date("2026-01-31T00:00:00Z"),
      now: new Date("2026-04-01T01:00:00Z"),
    });
    expect(none.days.recorded).toBe(0);
    expect(none.frameworks.map((f) => f.status)).toEqual([null, null, null]);
  });
});
