import type { TEventInput } from "@luminous/audit";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as ingest } from "@/app/api/agent/v1/events/route";
import * as complianceRoute from "@/app/api/v1/dashboard/compliance/route";
import * as dashboardRoute from "@/app/api/v1/dashboard/route";
import * as devicesRoute from "@/app/api/v1/devices/route";
import * as openapi from "@/app/api/v1/openapi.json/route";
import { appendAuditEvents } from "@/server/audit/append-events";
import { db } from "@/server/db";
import { input, makeDevice } from "../audit/device-client";
import { call, makeOrg, setupTestDatabase, type TestOrg } from "../harness";

const t = setupTestDatabase();

// The period: 10:20 to 14:05 UTC, so whole hours 11-14 come from the rollups and 10:20-11:00,
// 14:00-14:05 from the events themselves.
const FROM = "2026-11-20T10:20:00.000Z";
const TO = "2026-11-20T14:05:00.000Z";
const at = (hhmmss: string, ms = 0) => new Date(`2026-11-20T${hhmmss}.${String(ms).padStart(3, "0")}Z`).toISOString();

// 20 executions whose durations are 100, 200, ... 2000 ms; 4 of them failed. Nearest rank:
// p50 = 10th = 1000, p95 = 19th = 1900, p99 = 20th = 2000.
const executions: TEventInput[] = Array.from({ length: 20 }, (_, i) =>
  input({
    ts: at(`${String(10 + (i % 5)).padStart(2, "0")}:${i % 5 === 4 ? "03" : "30"}:00`),
    type: "execution_completed",
    user: ["alice", "bob", "carol"][i % 3],
    execution: { success: i % 5 !== 1, duration_ms: (i + 1) * 100 },
  }),
);
const decisions: TEventInput[] = (
  ["allow", "allow", "allow", "deny", "deny", "require_approval", "require_mfa"] as const
).map((decision, i) =>
  input({
    ts: at(`1${i % 5}:0${i % 5 === 4 ? 1 : 5}:00`).replace("T10:05", "T10:25"),
    type: "policy_decision",
    user: "alice",
    decision: { decision, rule: "r", reason: "because" },
  }),
);
const commands: TEventInput[] = [
  input({ ts: at("10:19:59", 999), user: "dave" }), // before the period
  input({ ts: at("10:20:00", 0), user: "alice" }), // its first instant
  input({ ts: at("12:00:00", 0), user: "bob" }),
  input({ ts: at("14:04:59", 999), user: "carol" }), // its last millisecond
  input({ ts: at("14:05:00", 0), user: "dave" }), // its end, excluded
];

let org: TestOrg;
const get = (query: string, token = org.users.viewer.token) =>
  call(dashboardRoute.GET, "GET", `/api/v1/dashboard?${query}`, { token });

beforeAll(async () => {
  org = await makeOrg("dash");
  const d1 = await makeDevice(t.db.prisma, org.orgId, "ws-a", null, 0);
  const d2 = await makeDevice(t.db.prisma, org.orgId, "ws-b", null, 1);
  const half = (xs: TEventInput[], k: number) => xs.filter((_, i) => i % 2 === k);
  for (const [d, k] of [
    [d1, 0],
    [d2, 1],
  ] as const) {
    const events = [...half(commands, k), ...half(executions, k), ...half(decisions, k)].sort((a, b) =>
      a.ts.localeCompare(b.ts),
    );
    const r = await ingest(d.post({ events: d.chain(events) }));
    expect(r.status).toBe(200);
  }
  // around a whole day: 19 Nov 22:10 to 21 Nov 01:10, read from every source by the multi-day test
  const d3 = await makeDevice(t.db.prisma, org.orgId, "ws-c", null, 2);
  const around = ["2026-11-19T22:10:00Z", "2026-11-19T22:45:00Z", "2026-11-19T23:30:00Z", "2026-11-21T00:30:00Z"]
    .concat(["2026-11-21T01:05:00Z", "2026-11-21T01:10:00Z"])
    .map((ts) => input({ ts: new Date(ts).toISOString(), user: "erin" }));
  expect((await ingest(d3.post({ events: d3.chain(around) }))).status).toBe(200);
  // integrity alarms, as ingestion records them (one inside the period, one after it)
  await db().$transaction((tx) =>
    appendAuditEvents(tx, org.orgId, [
      {
        ts: new Date(at("13:00:00")),
        category: "integrity",
        type: "integrity_gap",
        outcome: "failure",
        actorType: "system",
      },
      {
        ts: new Date(at("15:00:00")),
        category: "integrity",
        type: "integrity_gap",
        outcome: "failure",
        actorType: "system",
      },
    ]),
  );
});

describe("GET /api/v1/dashboard over seeded events", () => {
  it("counts commands, executions, decisions and users exactly at the period's bounds", async () => {
    const r = await get(`from=${FROM}&to=${TO}`);
    expect(r.status).toBe(200);
    const d = r.json;
    expect(d.commands.total).toBe(3);
    expect(d.commands.perHour).toBe(0.8); // 3 commands over 3.75 hours
    expect(d.executions).toEqual({ succeeded: 16, failed: 4, successRate: 0.8 });
    expect(d.decisions).toEqual([
      { outcome: "allow", n: 3 },
      { outcome: "deny", n: 2 },
      { outcome: "require_approval", n: 1 },
      { outcome: "require_mfa", n: 1 },
    ]);
    expect(d.activeUsers).toBe(3); // alice, bob, carol; dave only outside
    expect(d.integrity).toEqual({ total: 1, byType: [{ type: "integrity_gap", n: 1 }] });
  });

  it("gives nearest-rank P50/P95/P99 of the durations the events carry", async () => {
    const d = (await get(`from=${FROM}&to=${TO}`)).json;
    expect(d.responseTimes).toEqual([{ type: "execution_completed", count: 20, p50: 1000, p95: 1900, p99: 2000 }]);
  });

  it("charts commands and failed executions per hour", async () => {
    const d = (await get(`from=${FROM}&to=${TO}`)).json;
    const s = Object.fromEntries(d.commands.series.map((p: { hour: string }) => [p.hour.slice(11, 13), p]));
    expect(Object.keys(s)).toEqual(["10", "11", "12", "13", "14"]);
    expect(s["10"]).toMatchObject({ commands: 1, failed: 0 });
    expect(s["12"]).toMatchObject({ commands: 1 });
    expect(s["14"]).toMatchObject({ commands: 1 });
    expect(d.commands.series.reduce((n: number, p: { failed: number }) => n + p.failed, 0)).toBe(4);
  });

  it("gives the same figures whether a period is read from the rollups or from the events", async () => {
    // 10:00-15:00 is five whole hours (all rollup); 10:00:00.001-14:59:59.999 reads its first
    // and last hour from the events. No event falls in the millisecond either end drops.
    const whole = (await get("from=2026-11-20T10:00:00.000Z&to=2026-11-20T15:00:00.000Z")).json;
    const ragged = (await get("from=2026-11-20T10:00:00.001Z&to=2026-11-20T14:59:59.999Z")).json;
    for (const k of ["commands", "executions", "decisions", "responseTimes", "activeUsers", "integrity"] as const) {
      if (k === "commands") expect(ragged[k].total).toBe(whole[k].total);
      else expect(ragged[k]).toEqual(whole[k]);
    }
    expect(whole.commands.total).toBe(5);
    expect(whole.activeUsers).toBe(4);
  });

  it("adds whole days, whole hours and minutes of a multi-day period exactly once", async () => {
    // 20 Nov from the daily rollup, 19 Nov 23:00 and 21 Nov 00:00 from the hourly one, the
    // minutes 22:30-23:00 and 01:00-01:10 from the events
    const d = (await get("from=2026-11-19T22:30:00.000Z&to=2026-11-21T01:10:00.000Z")).json;
    expect(d.commands.total).toBe(9); // the 5 of 20 Nov, and erin's 22:45, 23:30, 00:30, 01:05
    expect(d.activeUsers).toBe(5);
    expect(d.executions).toEqual({ succeeded: 16, failed: 4, successRate: 0.8 });
    expect(d.responseTimes).toEqual([{ type: "execution_completed", count: 20, p50: 1000, p95: 1900, p99: 2000 }]);
    expect(d.integrity.total).toBe(2);
    expect(d.commands.series).toHaveLength(28); // 22:00 and 23:00, 24 hours, 00:00 and 01:00
    const perHour = Object.fromEntries(
      d.commands.series.map((p: { hour: string; commands: number }) => [p.hour, p.commands]),
    );
    expect(perHour["2026-11-19T22:00:00.000Z"]).toBe(1); // 22:45 only; 22:10 is before the period
    expect(perHour["2026-11-21T01:00:00.000Z"]).toBe(1); // 01:05 only; 01:10 is its end
  });

  it("takes events deleted by retention out of the figures", async () => {
    const period = "from=2026-11-20T10:00:00.000Z&to=2026-11-20T15:00:00.000Z";
    const before = (await get(period)).json;
    const del = (ts: string) =>
      db().$executeRaw`DELETE FROM "AuditEvent" WHERE "orgId" = ${org.orgId}::uuid AND "ts" = ${new Date(ts)}`;
    // dave's first event goes; his 14:05 event keeps him active that day
    await del(at("10:19:59", 999));
    const mid = (await get(period)).json;
    expect(mid.commands.total).toBe(before.commands.total - 1);
    expect(mid.activeUsers).toBe(before.activeUsers);
    await del(at("14:05:00"));
    const after = (await get(period)).json;
    expect(after.commands.total).toBe(before.commands.total - 2);
    expect(after.activeUsers).toBe(before.activeUsers - 1);
    expect(after.executions.succeeded + after.executions.failed).toBe(20);
    // the daily rollup too: the multi-day period (20 Nov read from it) lost the same two commands
    const days = (await get("from=2026-11-19T22:30:00.000Z&to=2026-11-21T01:10:00.000Z")).json;
    expect(days.commands.total).toBe(7);
    expect(days.activeUsers).toBe(4);
  });

  it("refuses a bad period naming the field, and an org sees only its own events", async () => {
    const bad = await get(`from=${TO}&to=${FROM}`);
    expect(bad.status).toBe(422);
    expect(bad.json.error.fields).toEqual([expect.objectContaining({ path: "to" })]);
    expect((await get("range=2y")).json.error.fields[0].path).toBe("range");
    const other = await makeOrg("other");
    const d = (await get(`from=${FROM}&to=${TO}`, other.users.viewer.token)).json;
    expect(d.commands.total).toBe(0);
    expect(d.responseTimes).toEqual([]);
    expect(d.executions.successRate).toBeNull();
    expect((await call(dashboardRoute.GET, "GET", "/api/v1/dashboard")).status).toBe(401);
  });
});

describe("devices on the dashboard", () => {
  it("counts online, stale, offline, revoked, policy behind and expired like the devices list filters them", async () => {
    const o = await makeOrg("fleet");
    const now = Date.now();
    const ago = (s: number) => new Date(now - s * 1000);
    const mk = (hostname: string, data: Record<string, unknown>) =>
      db().device.create({
        data: { orgId: o.orgId, hostname, machineId: hostname, publicKey: "k", bundleVersion: 3, ...data },
      });
    await mk("online-current", { lastSeenAt: ago(30), appliedPolicyVersion: 3, bundleIssuedAt: ago(3600) });
    await mk("online-behind", { lastSeenAt: ago(100), appliedPolicyVersion: 2, bundleIssuedAt: ago(3600) });
    await mk("stale-current", { lastSeenAt: ago(600), appliedPolicyVersion: 3, bundleIssuedAt: ago(3600) });
    await mk("offline-expired", {
      lastSeenAt: ago(30 * 86400),
      appliedPolicyVersion: 3,
      bundleIssuedAt: ago(8 * 86400),
    });
    await mk("never-seen", {});
    await mk("revoked-old", { lastSeenAt: ago(30), revokedAt: ago(10), bundleIssuedAt: ago(9 * 86400) });
    const d = (await get("range=24h", o.users.viewer.token)).json;
    expect(d.devices).toEqual({
      total: 6,
      online: 2,
      stale: 1,
      offline: 2,
      revoked: 1,
      policyBehind: 2,
      policyExpired: 1,
    });
    const names = async (q: string) =>
      (await call(devicesRoute.GET, "GET", `/api/v1/devices?${q}`, { token: o.users.viewer.token })).json.items
        .map((x: { hostname: string }) => x.hostname)
        .sort();
    expect(await names("policy=behind")).toEqual(["never-seen", "online-behind"]);
    expect(await names("policy=expired")).toEqual(["offline-expired"]);
    expect(await names("status=offline&policy=behind")).toEqual(["never-seen"]);
  });
});

it("is described in the OpenAPI document with its query parameters", async () => {
  const doc = await (await openapi.GET()).json();
  const op = doc.paths["/api/v1/dashboard"].get;
  expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(["range", "from", "to"]);
  const devices = doc.paths["/api/v1/devices"].get.parameters.find((p: { name: string }) => p.name === "policy");
  expect(devices.schema.enum).toEqual(["behind", "expired"]);
});

it("shows each framework's compliance status to roles that may read compliance, and refuses the others", async () => {
  const r = await call(complianceRoute.GET, "GET", "/api/v1/dashboard/compliance?range=7d", {
    token: org.users.auditor.token,
  });
  expect(r.status).toBe(200);
  expect(r.json.frameworks.map((f: { framework: string }) => f.framework).sort()).toEqual(["iso27001", "pci", "soc2"]);
  for (const f of r.json.frameworks) expect(["pass", "attention", "fail"]).toContain(f.status);
  expect(Date.parse(r.json.period.to) - Date.parse(r.json.period.from)).toBe(7 * 86_400_000);
  const viewer = await call(complianceRoute.GET, "GET", "/api/v1/dashboard/compliance", {
    token: org.users.viewer.token,
  });
  expect(viewer.status).toBe(403);
  const bad = await call(complianceRoute.GET, "GET", "/api/v1/dashboard/compliance?range=5y", {
    token: org.users.auditor.token,
  });
  expect(bad.json.error.fields[0].path).toBe("range");
});

it("counts the approval requests waiting for a decision and names the oldest, for roles that may read approvals", async () => {
  const o = await makeOrg("dash-approvals");
  const route = await import("@/app/api/v1/dashboard/approvals/route");
  const get = (token: string) => call(route.GET, "GET", "/api/v1/dashboard/approvals", { token });
  expect((await get(o.users.auditor.token)).json).toEqual({ pending: 0, oldest: null });

  const dev = await makeDevice(t.db.prisma, o.orgId, "ws-approve");
  const ago = (min: number) => new Date(Date.now() - min * 60_000);
  const request = (over: { createdAt: Date; expiresAt: Date; status?: string; localUser: string; action?: string }) =>
    t.db.prisma.approvalRequest.create({
      data: {
        orgId: o.orgId,
        deviceId: dev.id,
        kind: "require_approval",
        action: "install_package",
        packages: ["docker"],
        rule: "commands.require_approval",
        policyVersion: 1,
        actionHash: `h-${over.localUser}`,
        rules: {},
        ...over,
      },
    });
  await request({ localUser: "expired", createdAt: ago(300), expiresAt: ago(10) }); // still "pending", but expired
  await request({ localUser: "decided", createdAt: ago(200), expiresAt: ago(-60), status: "approved" });
  await request({ localUser: "alice", createdAt: ago(95), expiresAt: ago(-60) });
  await request({ localUser: "bob", createdAt: ago(5), expiresAt: ago(-60), action: "system_upgrade" });

  const r = await get(o.users.security_admin.token);
  expect(r.status).toBe(200);
  expect(r.json.pending).toBe(2);
  expect(r.json.oldest).toMatchObject({
    localUser: "alice",
    hostname: "ws-approve",
    action: "install_package",
    packages: ["docker"],
  });
  expect(Date.now() - Date.parse(r.json.oldest.createdAt)).toBeGreaterThanOrEqual(95 * 60_000);
  // Helpdesk and viewers do not see approvals.
  expect((await get(o.users.helpdesk.token)).status).toBe(403);
  // Another org's requests never show.
  expect((await get(org.users.auditor.token)).json.pending).toBe(0);
});
