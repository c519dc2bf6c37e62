import { describe, expect, it } from "vitest";
import * as historyRoute from "@/app/api/v1/compliance/history/route";
import { snapshotCompliance } from "@/server/compliance/snapshot-compliance";
import { db } from "@/server/db";
import { call, makeOrg, setupTestDatabase } from "../harness";
import { seedCompliance } from "./seed";

const t = setupTestDatabase();

describe("compliance history across days (faked clock)", () => {
  it("stores every control per day, chained; a status change is an audit event; a rewritten day is detected", async () => {
    const org = await makeOrg("history");
    await seedCompliance(org.orgId);

    // First run on 5 March: yesterday only.
    const first = await snapshotCompliance(org.orgId, new Date("2026-03-05T10:00:00Z"));
    expect(first.days).toEqual(["2026-03-04"]);
    // Next run on 14 March catches up 5..13 March; running again the same day adds nothing.
    const second = await snapshotCompliance(org.orgId, new Date("2026-03-14T01:00:00Z"));
    expect(second.days).toHaveLength(9);
    expect((await snapshotCompliance(org.orgId, new Date("2026-03-14T05:00:00Z"))).days).toEqual([]);
    expect(await t.db.prisma.complianceSnapshot.count({ where: { orgId: org.orgId } })).toBe(10 * 18);

    const history = async (control: string, q = "") =>
      call(historyRoute.GET, "GET", `/api/v1/compliance/history?control=${control}${q}`, {
        token: org.users.auditor.token,
      });
    // dave signed in on 12 March, two days after his deactivation: CC6.2 fails that day only.
    const h = await history("soc2.CC6.2", "&from=2026-03-10&to=2026-03-13");
    expect(h.status).toBe(200);
    expect(h.json.days.map((d: { day: string; status: string }) => `${d.day} ${d.status}`)).toEqual([
      "2026-03-10 pass",
      "2026-03-11 pass",
      "2026-03-12 fail",
      "2026-03-13 pass",
    ]);
    expect(h.json.chain).toEqual({ ok: true, snapshots: 180, problem: null });

    const changes = await t.db.prisma.auditEvent.findMany({
      where: { orgId: org.orgId, action: "compliance.control.status_change", targetId: "soc2.CC6.2" },
      orderBy: { serverSeq: "asc" },
    });
    expect(changes.map((c) => [c.before, c.after])).toEqual([
      [
        { status: "pass", day: "2026-03-11" },
        { status: "fail", day: "2026-03-12", exceptions: 1 },
      ],
      [
        { status: "fail", day: "2026-03-12" },
        { status: "pass", day: "2026-03-13", exceptions: 0 },
      ],
    ]);

    // Someone with database access turns 12 March into a pass: the history says so.
    await db().$executeRaw`UPDATE "ComplianceSnapshot" SET "status" = 'pass', "exceptionCount" = 0
      WHERE "orgId" = ${org.orgId}::uuid AND "day" = '2026-03-12' AND "controlId" = 'soc2.CC6.2'`;
    const after = await history("soc2.CC6.2");
    expect(after.json.chain.ok).toBe(false);
    expect(after.json.chain.problem).toMatch(/^snapshot #\d+ \(2026-03-12 soc2\.CC6\.2\) was edited$/);
  });

  it("refuses an unknown control, naming the field", async () => {
    const org = await makeOrg("history");
    const r = await call(historyRoute.GET, "GET", "/api/v1/compliance/history?control=soc2.CC9.9", {
      token: org.users.auditor.token,
    });
    expect(r.status).toBe(422);
    expect(r.json.error.fields[0].path).toBe("control");
  });
});
