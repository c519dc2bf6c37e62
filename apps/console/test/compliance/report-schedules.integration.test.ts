import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import * as runPackageRoute from "@/app/api/v1/compliance/runs/[id]/package/route";
import * as runsRoute from "@/app/api/v1/compliance/runs/route";
import * as scheduleRoute from "@/app/api/v1/compliance/schedules/[id]/route";
import * as schedulesRoute from "@/app/api/v1/compliance/schedules/route";
import { claimReportRun, runScheduledReports } from "@/server/compliance/run-scheduled-reports";
import { db } from "@/server/db";
import { call, makeOrg, PUBLIC_URL, setupTestDatabase, type TestOrg } from "../harness";
import { seedCompliance } from "./seed";

const t = setupTestDatabase();
const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const verifier = path.join(repoRoot, "apps/verify/dist/luminous-verify.mjs");
const at = (iso: string) => () => new Date(iso);

let org: TestOrg;
beforeAll(async () => {
  await run(process.execPath, [path.join(repoRoot, "apps/verify/build.mjs")]);
  org = await makeOrg("reports");
  await seedCompliance(org.orgId);
});

const runs = async () =>
  (await call(runsRoute.GET, "GET", "/api/v1/compliance/runs", { token: org.users.auditor.token })).json;

async function download(id: string, token = org.users.auditor.token) {
  const res = await runPackageRoute.GET(
    new Request(`${PUBLIC_URL}/api/v1/compliance/runs/${id}/package`, {
      headers: { authorization: `Bearer ${token}` },
    }),
    { params: Promise.resolve({ id }) },
  );
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

async function verify(bytes: Uint8Array, keyId: string) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "lv-run-")), "evidence.zip");
  writeFileSync(file, bytes);
  try {
    return { code: 0, out: (await run(process.execPath, [verifier, file, "--key-id", keyId])).stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string };
    return { code: err.code, out: err.stdout };
  }
}

describe("scheduled compliance reports", () => {
  it("an auditor schedules a monthly SOC 2 report; the worker keeps last month's package, which luminous-verify accepts", async () => {
    const created = await call(schedulesRoute.POST, "POST", "/api/v1/compliance/schedules", {
      token: org.users.auditor.token,
      body: { framework: "soc2", cadence: "monthly" },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ framework: "soc2", cadence: "monthly", createdBy: org.users.auditor.email });

    // The worker runs on 2 April: March's report is generated and kept; a second run that day adds nothing.
    expect(await runScheduledReports(at("2026-04-02T01:00:00Z"))).toEqual({ queued: 1, succeeded: 1, failed: 0 });
    expect(await runScheduledReports(at("2026-04-02T02:00:00Z"))).toEqual({ queued: 0, succeeded: 0, failed: 0 });

    const list = await runs();
    expect(list.schedules).toHaveLength(1);
    const r = list.runs[0];
    expect(r).toMatchObject({
      framework: "soc2",
      cadence: "monthly",
      status: "succeeded",
      attempts: 1,
      period: { from: "2026-03-01T00:00:00.000Z", to: "2026-04-01T00:00:00.000Z" },
      scheduleId: created.json.id,
    });
    expect(r.summary.fail).toBeGreaterThan(0);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);

    const { res, bytes } = await download(r.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("evidence-soc2-2026-03-01-2026-04-01.zip");
    expect(bytes.length).toBe(r.bytes);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(r.sha256);
    expect(res.headers.get("x-content-sha256")).toBe(r.sha256);
    const files = unzipSync(bytes);
    const report = JSON.parse(new TextDecoder().decode(files["report.json"]!));
    expect(report.controls.find((c: { ref: string }) => c.ref === "CC6.2").exceptionCount).toBe(1);
    expect(report.generatedBy).toBe(`report scheduler (monthly schedule of ${org.users.auditor.email})`);
    const keyId = JSON.parse(new TextDecoder().decode(files["manifest.json"]!)).keyId;
    const ok = await verify(bytes, keyId);
    expect(ok.out).toMatch(/^OK .*6 controls recomputed/m);
    expect(ok.code).toBe(0);

    const events = await t.db.prisma.auditEvent.findMany({
      where: {
        orgId: org.orgId,
        action: { startsWith: "compliance." },
        NOT: { action: "compliance.control.status_change" },
      },
      orderBy: { serverSeq: "asc" },
    });
    expect(events.map((e) => [e.action, e.outcome, e.actorType, e.actorLabel])).toEqual([
      ["compliance.schedule.create", "success", "api_token", org.users.auditor.email],
      ["compliance.report_run.generate", "success", "system", "report scheduler"],
      ["compliance.report_run.download", "success", "api_token", org.users.auditor.email],
    ]);
    expect(events[1]!.data).toMatchObject({ sha256: r.sha256, from: "2026-03-01T00:00:00.000Z", attempt: 1 });
  });

  it("a failed generation is recorded with its reason and retried after its backoff", async () => {
    const key = await db().signingKey.findFirstOrThrow({ where: { orgId: org.orgId, state: "active" } });
    const asked = await call(runsRoute.POST, "POST", "/api/v1/compliance/runs", {
      token: org.users.security_admin.token,
      body: { framework: "pci", from: "2026-03-01", to: "2026-03-15" },
    });
    expect(asked.status).toBe(202);
    expect(asked.json.status).toBe("queued");

    // The org's private key cannot be opened (say, MASTER_KEY was changed): the generation fails.
    await db().signingKey.update({ where: { id: key.id }, data: { privateKeyEnc: "v1.broken" } });
    expect(await runScheduledReports(at("2026-04-03T10:00:00Z"))).toMatchObject({ succeeded: 0, failed: 1 });
    let r = (await runs()).runs.find((x: { id: string }) => x.id === asked.json.id);
    expect(r).toMatchObject({ status: "failed", attempts: 1, nextAttemptAt: "2026-04-03T10:05:00.000Z" });
    expect(r.lastError).toContain("malformed secret envelope");
    const failure = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { orgId: org.orgId, action: "compliance.report_run.generate", outcome: "failure" },
    });
    expect(failure.data).toMatchObject({ error: r.lastError, retryAt: "2026-04-03T10:05:00.000Z", framework: "pci" });
    // A package that does not exist yet cannot be downloaded.
    expect((await download(r.id)).res.status).toBe(409);

    // Before the backoff ends nothing is tried; after it (key restored) the run succeeds on attempt 2.
    await db().signingKey.update({ where: { id: key.id }, data: { privateKeyEnc: key.privateKeyEnc } });
    expect(await runScheduledReports(at("2026-04-03T10:04:00Z"))).toMatchObject({ succeeded: 0, failed: 0 });
    expect(await runScheduledReports(at("2026-04-03T10:06:00Z"))).toMatchObject({ succeeded: 1, failed: 0 });
    r = (await runs()).runs.find((x: { id: string }) => x.id === asked.json.id);
    expect(r).toMatchObject({ status: "succeeded", attempts: 2, lastError: null, cadence: "once" });
  });

  it("two workers never take the same run", async () => {
    await call(runsRoute.POST, "POST", "/api/v1/compliance/runs", {
      token: org.users.auditor.token,
      body: { framework: "iso27001", from: "2026-03-01", to: "2026-03-08" },
    });
    const [a, b] = await Promise.all([claimReportRun(), claimReportRun()]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    await db().reportRun.deleteMany({ where: { orgId: org.orgId, framework: "iso27001" } });
  });

  it("refuses bad input naming the field, a duplicate schedule, and roles without compliance.export", async () => {
    const bad = await call(schedulesRoute.POST, "POST", "/api/v1/compliance/schedules", {
      token: org.users.auditor.token,
      body: { framework: "soc2", cadence: "daily" },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.error.fields[0].path).toBe("cadence");
    const dup = await call(schedulesRoute.POST, "POST", "/api/v1/compliance/schedules", {
      token: org.users.admin.token,
      body: { framework: "soc2", cadence: "monthly" },
    });
    expect(dup.status).toBe(409);
    expect(dup.json.error.fields[0].path).toBe("cadence");
    const viewer = await call(schedulesRoute.POST, "POST", "/api/v1/compliance/schedules", {
      token: org.users.viewer.token,
      body: { framework: "pci", cadence: "weekly" },
    });
    expect(viewer.status).toBe(403);
    const other = await makeOrg("reports-other");
    const first = (await runs()).runs[0];
    expect((await download(first.id, other.users.owner.token)).res.status).toBe(404);
  });

  it("deleting a schedule keeps the reports it produced", async () => {
    const [s] = (await runs()).schedules;
    const del = await call(scheduleRoute.DELETE, "DELETE", `/api/v1/compliance/schedules/${s.id}`, {
      token: org.users.auditor.token,
      params: { id: s.id },
    });
    expect(del.status).toBe(200);
    const after = await runs();
    expect(after.schedules).toEqual([]);
    expect(
      after.runs.some((r: { cadence: string; status: string }) => r.cadence === "monthly" && r.status === "succeeded"),
    ).toBe(true);
    expect(await runScheduledReports(at("2026-05-02T01:00:00Z"))).toMatchObject({ queued: 0 });
  });
});
