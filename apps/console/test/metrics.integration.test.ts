/**
 * /metrics: who may scrape it, what it counts from real agent traffic (signed polls and event
 * batches through the route handlers), the fleet gauges against devices in known states, and the
 * exposition checked by the real promtool; the shipped alert rules and Grafana dashboard use only
 * metrics the console exposes.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { laneOf } from "@luminous/audit";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import * as events from "@/app/api/agent/v1/events/route";
import * as policy from "@/app/api/agent/v1/policy/route";
import * as metricsRoute from "@/app/metrics/route";
import { resetEnvForTests } from "@/server/env";
import { socketAddressHeaders } from "@/server/http/client-address";
import { input, makeDevice } from "./audit/device-client";
import { makeOrg, setupTestDatabase } from "./harness";

const t = setupTestDatabase();
const root = path.resolve(import.meta.dirname, "../../..");
const TOKEN = "metrics-token-0123456789abcdef";

function promtool(args: string[], stdin?: string) {
  const r = spawnSync("promtool", args, { input: stdin, encoding: "utf8", cwd: path.join(root, "ops/prometheus") });
  if (r.error)
    throw new Error(`promtool is needed (Debian package prometheus; .ci/run installs it): ${r.error.message}`);
  return r;
}

async function scrape(headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) {
  const res = await metricsRoute.GET(new Request("http://console.test/metrics", { headers }));
  return { status: res.status, text: await res.text(), type: res.headers.get("content-type") };
}

/** The value of one sample, or 0 when the series does not exist yet. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return 0;
}

const setEnv = (vars: Record<string, string | undefined>) => {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvForTests();
};

describe("/metrics", () => {
  beforeAll(() => setEnv({ METRICS_TOKEN: TOKEN }));
  afterEach(() => setEnv({ METRICS_TOKEN: TOKEN, METRICS_ALLOW: undefined }));

  it("is off unless a token or an allow-list is set, and refuses a missing or wrong token", async () => {
    setEnv({ METRICS_TOKEN: undefined });
    const off = await scrape({});
    expect(off.status).toBe(403);
    expect(off.text).toContain("METRICS_TOKEN");
    setEnv({ METRICS_TOKEN: TOKEN });
    expect((await scrape({})).status).toBe(401);
    expect((await scrape({ authorization: "Bearer metrics-token-0123456789abcdeX" })).status).toBe(403);
    const ok = await scrape();
    expect(ok.status).toBe(200);
    expect(ok.type).toContain("text/plain");
  });

  it("answers only callers in METRICS_ALLOW, by the address the console trusts", async () => {
    setEnv({ METRICS_ALLOW: "10.1.0.0/16, ::1" });
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await scrape({ ...auth, ...socketAddressHeaders("10.1.2.3") })).status).toBe(200);
    expect((await scrape({ ...auth, ...socketAddressHeaders("::ffff:10.1.9.9") })).status).toBe(200);
    const outside = await scrape({ ...auth, ...socketAddressHeaders("10.2.0.1") });
    expect(outside.status).toBe(403);
    expect(outside.text).toContain("METRICS_ALLOW");
    // A forwarded-for header from a peer that is not a trusted proxy names no one.
    const spoofed = await scrape({ ...auth, ...socketAddressHeaders("198.51.100.4"), "x-forwarded-for": "10.1.2.3" });
    expect(spoofed.status).toBe(403);
    // No socket address at all (a request that did not come through one of our servers).
    expect((await scrape(auth)).status).toBe(403);
  });

  it("counts polls, ingested events and what they report, and shows the fleet; promtool accepts it", async () => {
    const org = await makeOrg("metrics");
    const { slug } = await t.db.prisma.org.findUniqueOrThrow({ where: { id: org.orgId } });
    const before = (await scrape()).text;

    const device = await makeDevice(t.db.prisma, org.orgId, "ws-metrics");
    const first = await policy.GET(device.sign("GET", "/api/agent/v1/policy", ""));
    expect(first.status).toBe(200);
    const again = await policy.GET(
      device.sign("GET", "/api/agent/v1/policy", "", { "if-none-match": first.headers.get("etag")! }),
    );
    expect(again.status).toBe(304);

    const batch = device.chain([
      input({ type: "policy_decision", decision: { decision: "allow", rule: "r1", reason: "ok" } }),
      input({ type: "policy_decision", decision: { decision: "deny", rule: "r2", reason: "no" } }),
      input({ type: "policy_decision", decision: { decision: "require_approval", rule: "r3", reason: "ask" } }),
      input({ type: "execution_completed", execution: { success: true, duration_ms: 1500, changes: ["a", "b"] } }),
      input({ type: "execution_completed", execution: { success: false, duration_ms: 400 } }),
      input({ type: "rollback_performed" }),
    ]);
    const stored = await events.POST(device.post({ events: batch }));
    expect(stored.status).toBe(200);
    // The same batch again (a retry): duplicates, and no figure counted twice.
    expect((await events.POST(device.post({ events: batch }))).status).toBe(200);
    // One event refused (bad hash), next to a good one that is kept.
    const [good, bad] = device.chain([input(), input()]);
    const refused = await events.POST(device.post({ events: [good, { ...bad!, hash: "0".repeat(64) }] }));
    expect(refused.status).toBe(200);

    const now = Date.now();
    const mk = (hostname: string, data: object) =>
      t.db.prisma.device.create({
        data: { orgId: org.orgId, hostname, machineId: hostname, publicKey: "pk", ...data },
      });
    await mk("online", { lastSeenAt: new Date(now - 30_000) });
    await mk("stale", { lastSeenAt: new Date(now - 20 * 60_000) });
    await mk("revoked", { lastSeenAt: new Date(now), revokedAt: new Date(now) });
    await mk("frozen", { lastSeenAt: new Date(now - 9 * 86_400_000), bundleIssuedAt: new Date(now - 8 * 86_400_000) });

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) =>
      sample(after.text, name, labels) - sample(before, name, labels);
    expect(delta("luminous_agent_policy_polls_total", { result: "bundle" })).toBe(1);
    expect(delta("luminous_agent_policy_polls_total", { result: "not_modified" })).toBe(1);
    expect(delta("luminous_ingest_events_total", { result: "accepted" })).toBe(7);
    expect(delta("luminous_ingest_events_total", { result: "duplicate" })).toBe(6);
    expect(delta("luminous_ingest_events_total", { result: "refused" })).toBe(1);
    expect(delta("luminous_policy_decisions_total", { decision: "allow" })).toBe(1);
    expect(delta("luminous_policy_decisions_total", { decision: "deny" })).toBe(1);
    expect(delta("luminous_policy_decisions_total", { decision: "require_approval" })).toBe(1);
    expect(delta("luminous_commands_total", { outcome: "success" })).toBe(1);
    expect(delta("luminous_commands_total", { outcome: "failure" })).toBe(1);
    expect(delta("luminous_command_duration_seconds_count")).toBe(2);
    expect(delta("luminous_command_duration_seconds_bucket", { le: "0.5" })).toBe(1);
    expect(delta("luminous_command_duration_seconds_bucket", { le: "2" })).toBe(2);
    expect(delta("luminous_system_changes_total")).toBe(2);
    expect(delta("luminous_rollbacks_total")).toBe(1);
    expect(delta("luminous_audit_integrity_findings_total", { type: "integrity_rejected" })).toBe(1);
    expect(delta("luminous_ingest_batch_duration_seconds_count")).toBe(3);
    expect(delta("luminous_http_requests_total", { route: "/api/agent/v1/policy", method: "GET", status: "304" })).toBe(
      1,
    );

    // Fleet: the four made above, and the polling device, which sent no heartbeat (never seen: offline).
    const dev = (state: string) => sample(after.text, "luminous_devices", { org: slug, state });
    expect([dev("online"), dev("stale"), dev("offline"), dev("revoked"), dev("policy_expired")]).toEqual([
      1, 1, 2, 1, 1,
    ]);
    // An org with no devices still has its series, at 0 (dashboards and alerts see a zero, not a gap).
    const empty = await makeOrg("empty");
    const { slug: emptySlug } = await t.db.prisma.org.findUniqueOrThrow({ where: { id: empty.orgId } });
    expect((await scrape()).text).toContain(`luminous_devices{org="${emptySlug}",state="online"} 0`);
    expect(sample(after.text, "luminous_db_pool_connections", { pool: "prisma", state: "total" })).toBeGreaterThan(0);

    const lane = String(laneOf(device.id));
    expect(sample(after.text, "luminous_audit_unsigned_events", { org: slug, lane })).toBeGreaterThanOrEqual(8);

    const { runAuditJob } = await import("@/server/audit/run-audit-jobs");
    const { db } = await import("@/server/db");
    await runAuditJob(db(), "checkpoints");
    const signed = (await scrape()).text;
    expect(sample(signed, "luminous_audit_unsigned_events", { org: slug, lane })).toBe(0);
    expect(sample(signed, "luminous_audit_checkpoint_age_seconds", { org: slug, lane })).toBeLessThan(60);

    const check = promtool(["check", "metrics"], signed);
    expect(check.stderr + check.stdout).toBe("");
    expect(check.status).toBe(0);
  });

  it("ships alert rules that promtool checks and tests, and a dashboard that asks only for exposed metrics", async () => {
    const rules = promtool(["check", "rules", "alerts.yml"]);
    expect(rules.stdout).toContain("SUCCESS: 8 rules found");
    const unit = promtool(["test", "rules", "alerts.test.yml"]);
    expect(unit.stdout).toContain("SUCCESS");
    expect(unit.status).toBe(0);

    const exposed = new Set(
      [...(await scrape()).text.matchAll(/^# TYPE (\S+) (\S+)/gm)].flatMap(([, name, type]) =>
        type === "histogram" ? [`${name}_bucket`, `${name}_count`, `${name}_sum`] : [name!],
      ),
    );
    // the worker's own (the SIEM ones are checked on a real worker scrape in test/siem/siem-metrics)
    for (const name of [
      "luminous_worker_job_runs_total",
      "luminous_siem_lag_seconds",
      "luminous_siem_lag_events",
      "luminous_siem_delivered_events_total",
      "luminous_siem_delivery_failures_total",
      "luminous_siem_dropped_events_total",
      "luminous_siem_destination_up",
    ])
      exposed.add(name);
    const dashboard = fs.readFileSync(path.join(root, "ops/grafana/luminous-console.json"), "utf8");
    const alerts = fs.readFileSync(path.join(root, "ops/prometheus/alerts.yml"), "utf8");
    const asked = new Set(
      [...`${dashboard}\n${alerts}`.matchAll(/\b((?:luminous|process)_[a-z_]+)\b/g)].map((m) => m[1]!),
    );
    asked.delete("luminous_console"); // the dashboard's uid
    expect([...asked].filter((n) => !exposed.has(n))).toEqual([]);
    expect(asked.size).toBeGreaterThan(15);
  });
});
