/**
 * Nothing is lost when the worker is killed (-9) in the middle of forwarding and Postgres is
 * restarted: a real worker process (scripts/worker.ts) forwards to a real rsyslog over TLS, is
 * killed with SIGKILL while events keep arriving through the agent API, Postgres (a server of
 * this test's own) is stopped and started, and a new worker takes over once the dead one's lease
 * has run out. Every event arrives; after de-duplication by event id, exactly once. The new
 * worker's /metrics reports the destination caught up, and promtool accepts its output.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@luminous/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabases, db } from "@/server/db";
import { resetEnvForTests } from "@/server/env";
import { closeIngestPool } from "@/server/ingest/pg-transaction";
import { type RsyslogPeer, startRsyslog } from "../../../../test-peers/rsyslog/rsyslogd.mjs";
import { freePort, killAgentApi } from "../agent-api-process";
import { startOwnPostgres } from "../audit/own-postgres";
import { makeOrg } from "../harness";
import { agentFleet, createDestination, eventIdOf, storedIds, until } from "./siem-helpers";

const root = path.resolve(import.meta.dirname, "../../../..");
let pg: Awaited<ReturnType<typeof startOwnPostgres>>;
let testDb: TestDatabase;
let rsyslog: RsyslogPeer;
let worker: ChildProcess | undefined;
let workerLog = "";

function startWorker(env: Record<string, string> = {}): ChildProcess {
  const p = spawn(
    path.join(root, "node_modules/.bin/tsx"),
    [path.join(root, "apps/console/scripts/worker.ts"), "--siem-poll-ms", "100"],
    { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  p.stdout?.on("data", (d) => {
    workerLog += d;
  });
  p.stderr?.on("data", (d) => {
    workerLog += d;
  });
  return p;
}

beforeAll(async () => {
  pg = await startOwnPostgres();
  process.env.TEST_DATABASE_URL = pg.url;
  testDb = await createTestDatabase();
  Object.assign(process.env, {
    DATABASE_URL: testDb.url,
    AUTH_SECRET: randomBytes(32).toString("hex"),
    MASTER_KEY: randomBytes(32).toString("base64"),
    PUBLIC_URL: "http://console.test",
    EGRESS_ALLOW: "127.0.0.0/8",
    LOG_LEVEL: "error",
  });
  resetEnvForTests();
  rsyslog = await startRsyslog();
});

afterAll(async () => {
  killAgentApi(worker);
  await closeIngestPool();
  await closeDatabases();
  await testDb?.drop().catch(() => undefined);
  pg?.destroy();
  await rsyslog?.destroy();
  delete process.env.TEST_DATABASE_URL;
});

const received = () => {
  const ids = new Map<string, number>();
  for (const l of rsyslog.lines()) {
    const id = eventIdOf(l);
    if (id) ids.set(id, (ids.get(id) ?? 0) + 1);
  }
  return ids;
};

describe("forwarding survives a worker kill -9 and a Postgres restart", () => {
  it("delivers every event exactly once after de-duplication", { timeout: 180_000 }, async () => {
    const org = await makeOrg("siem-crash");
    await createDestination(org.users.admin.token, {
      kind: "syslog_tls",
      name: "rsyslog",
      format: "cef",
      host: "127.0.0.1",
      port: rsyslog.tlsPort,
      caCert: rsyslog.certs.ca,
      clientCert: rsyslog.certs.client.cert,
      clientKey: rsyslog.certs.client.key,
    });
    const since = new Date();
    const fleet = await agentFleet(org.orgId);
    worker = startWorker();
    await fleet.push(50);
    await until("some events forwarded by the worker", async () => received().size > 20, 60_000);
    killAgentApi(worker); // SIGKILL, mid-stream
    await fleet.push(50);

    pg.stop();
    pg.start();
    // The console's pools reconnect on their own; ingestion goes on.
    await until(
      "ingestion back after the Postgres restart",
      async () =>
        fleet.push(10).then(
          () => true,
          () => false,
        ),
      30_000,
    );
    const metricsPort = await freePort();
    worker = startWorker({ WORKER_METRICS_PORT: String(metricsPort) });
    const all = await storedIds(org.orgId, since);
    expect(all.length).toBeGreaterThanOrEqual(4 * 110);
    await until(
      "every event at rsyslog after the restarts",
      async () => {
        const got = received();
        return all.every((id) => got.has(id));
      },
      120_000,
    ).catch((e) => {
      throw new Error(`${(e as Error).message}\n${workerLog.slice(-2000)}`);
    });
    const got = received();
    const trail = new Set(await storedIds(org.orgId, new Date(0)));
    expect([...got.keys()].filter((id) => !trail.has(id))).toEqual([]);
    const d = await db().siemDestination.findFirstOrThrow({ where: { orgId: org.orgId } });
    expect(Number(d.droppedByRetention)).toBe(0);

    // The worker's /metrics: lag back to 0, the delivered total, and promtool accepts the output.
    const scrape = await until("worker metrics caught up", async () => {
      const text = await fetch(`http://127.0.0.1:${metricsPort}/metrics`).then(
        (r) => r.text(),
        () => "",
      );
      return /luminous_siem_lag_events\{[^}]*destination="rsyslog"[^}]*\} 0\n/.test(text) && text;
    });
    const delivered = Number(/luminous_siem_delivered_events_total\{[^}]*\} (\d+)/.exec(scrape)?.[1]);
    expect(delivered).toBeGreaterThanOrEqual(all.length);
    expect(scrape).toMatch(
      /luminous_siem_lag_seconds\{org="siem-crash-[^"]+",destination="rsyslog",id="[^"]+",kind="syslog_tls"\} 0/,
    );
    expect(scrape).toMatch(/luminous_siem_destination_up\{[^}]*\} 1/);
    const check = spawnSync("promtool", ["check", "metrics"], { input: scrape, encoding: "utf8" });
    expect(check.stdout + check.stderr).toBe("");
    expect(check.status).toBe(0);
  });
});
