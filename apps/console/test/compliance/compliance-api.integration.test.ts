import { describe, expect, it } from "vitest";
import * as exportRoute from "@/app/api/v1/compliance/report/export/route";
import * as reportRoute from "@/app/api/v1/compliance/report/route";
import { call, makeOrg, setupTestDatabase } from "../harness";

const t = setupTestDatabase();
const Q = "framework=soc2&from=2026-03-01&to=2026-04-01";

describe("compliance report API", () => {
  it("an auditor views and downloads a report; each is an audit event naming the framework and period", async () => {
    const org = await makeOrg("comp");
    const view = await call(reportRoute.GET, "GET", `/api/v1/compliance/report?${Q}`, {
      token: org.users.auditor.token,
    });
    expect(view.status).toBe(200);
    expect(view.json.framework).toBe("soc2");
    expect(view.json.controls.map((c: { ref: string }) => c.ref)).toEqual([
      "CC6.1",
      "CC6.2",
      "CC6.3",
      "CC6.6",
      "CC7.2",
      "CC8.1",
    ]);
    expect(view.json.generatedBy).toBe(org.users.auditor.email);
    const csv = await call(exportRoute.GET, "GET", `/api/v1/compliance/report/export?${Q}&format=csv`, {
      token: org.users.auditor.token,
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-disposition")).toBe('attachment; filename="soc2-2026-03-01-2026-04-01.csv"');
    expect(String(csv.json)).toMatch(/^framework,control/);
    const events = await t.db.prisma.auditEvent.findMany({
      where: { orgId: org.orgId, action: { startsWith: "compliance." } },
      orderBy: { serverSeq: "asc" },
    });
    expect(events.map((e) => [e.action, e.actorId, (e.data as { format: string }).format])).toEqual([
      ["compliance.report.generate", org.users.auditor.id, "view"],
      ["compliance.report.download", org.users.auditor.id, "csv"],
    ]);
    expect(events[1]!.data).toMatchObject({ from: "2026-03-01T00:00:00.000Z", to: "2026-04-01T00:00:00.000Z" });
  });

  it("a later report shows the earlier access as PCI 10.2.1.3 evidence", async () => {
    const org = await makeOrg("comp");
    const q = `framework=pci&from=2026-01-01&to=${new Date(Date.now() + 86_400_000).toISOString()}`;
    await call(reportRoute.GET, "GET", `/api/v1/compliance/report?${q}`, { token: org.users.auditor.token });
    const r = await call(reportRoute.GET, "GET", `/api/v1/compliance/report?${q}`, { token: org.users.auditor.token });
    const c = r.json.controls.find((x: { ref: string }) => x.ref === "10.2.1.3");
    expect(c.numbers.accesses).toBe(2); // the first view and this one (recorded before reading)
    expect(c.status).toBe("pass");
  });

  it("refuses a bad framework, a reversed or too long period, naming the field", async () => {
    const org = await makeOrg("comp");
    const bad = async (q: string) =>
      call(reportRoute.GET, "GET", `/api/v1/compliance/report?${q}`, { token: org.users.auditor.token });
    const a = await bad("framework=hipaa&from=2026-01-01&to=2026-02-01");
    expect(a.status).toBe(422);
    expect(a.json.error.fields.map((f: { path: string }) => f.path)).toEqual(["framework"]);
    const b = await bad("framework=soc2&from=2026-02-01&to=2026-01-01");
    expect(b.status).toBe(422);
    expect(b.json.error.fields).toEqual([{ path: "to", message: "to must be after from" }]);
    const c = await bad("framework=soc2&from=2024-01-01&to=2026-01-01");
    expect(c.json.error.fields[0].path).toBe("to");
    const d = await bad("framework=soc2&from=yesterday&to=2026-01-01");
    expect(d.json.error.fields[0].path).toBe("from");
  });
});
