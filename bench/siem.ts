/**
 * SIEM forwarding benchmark: does forwarding keep up with ingestion? A real rsyslog over TLS
 * (test-peers/rsyslog: imtcp + gtls, client certificate) receives CEF from the real worker
 * (apps/console/scripts/worker.ts, its own process) while simulated agents push gzipped, signed
 * batches to the ingestion route (bench/audit/ingest-server.ts, its own process).
 *
 * 1. Sustained load: the worker runs while ROUNDS x DEVICES x BATCH events are ingested; the lag
 *    (records and seconds, the figures /metrics exposes) is sampled every 250 ms, and the time
 *    from the last ingested batch until rsyslog has every record is measured.
 * 2. Capacity: with the destination paused, the same amount is ingested by other devices
 *    (ingestion rate); then it is resumed and the worker drains the backlog (forwarding rate).
 *    Ratio = forwarding / ingestion, in the same run. Target >= 1.0.
 *
 * Usage: npm run bench:siem   (env DEVICES 20, BATCH 500, ROUNDS 2, CONCURRENCY 8)
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateEd25519 } from "@luminous/crypto";
import { createTestDatabase } from "@luminous/testkit";
import { startRsyslog } from "../test-peers/rsyslog/rsyslogd.mjs";
import { type LoadShape, load, makeAgents } from "./audit/agent-load";
import { consoleEnv, percentile, root, say, startIngestServer } from "./audit/common";

const DEVICES = Number(process.env.DEVICES ?? 20);
const BATCH = Number(process.env.BATCH ?? 500);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const shape: LoadShape = { batches: ROUNDS, batch: BATCH, concurrency: Number(process.env.CONCURRENCY ?? 8) };
const PER_PHASE = DEVICES * ROUNDS * BATCH;

const testDb = await createTestDatabase();
const env = { ...consoleEnv(testDb.url), PUBLIC_URL: "http://console.bench", EGRESS_ALLOW: "127.0.0.0/8" };
Object.assign(process.env, env);
const { db } = await import("../apps/console/src/server/db");
const { sealSiemSecret } = await import("../apps/console/src/server/siem/destination-secret");
const { siemLag } = await import("../apps/console/src/server/siem/siem-lag");
const rsyslog = await startRsyslog();
const procs: ChildProcess[] = [];

function startWorker(): ChildProcess {
  const p = spawn(
    path.join(root, "node_modules/.bin/tsx"),
    [path.join(root, "apps/console/scripts/worker.ts"), "--siem-poll-ms", "100"],
    {
      env: { ...process.env, ...env },
      stdio: "ignore",
      detached: true,
    },
  );
  procs.push(p);
  return p;
}
const stop = (p: ChildProcess) => {
  try {
    process.kill(-p.pid!, "SIGTERM");
  } catch {
    // gone
  }
};
const received = () => rsyslog.lines().length;
async function waitFor(n: number): Promise<number> {
  while (received() < n) await new Promise((r) => setTimeout(r, 50));
  return performance.now();
}

try {
  const prisma = db();
  const org = await prisma.org.create({ data: { name: "Bench", slug: `siem-bench-${Date.now()}` } });
  const ids: { id: string; key: string }[] = [];
  // the first half pushes in phase 1, the second half (chains of their own) in phase 2
  for (let i = 0; i < 2 * DEVICES; i++) {
    const k = generateEd25519();
    const d = await prisma.device.create({
      data: { orgId: org.id, hostname: `ws-${i}`, machineId: `m-${i}`, publicKey: k.publicKey },
    });
    ids.push({ id: d.id, key: k.privateKeyPem });
  }
  const destId = crypto.randomUUID();
  await prisma.siemDestination.create({
    data: {
      id: destId,
      orgId: org.id,
      name: "rsyslog",
      kind: "syslog_tls",
      format: "cef",
      host: "127.0.0.1",
      port: rsyslog.tlsPort,
      caCert: rsyslog.certs.ca,
      clientCert: rsyslog.certs.client.cert,
      secretEnc: sealSiemSecret(destId, { clientKey: rsyslog.certs.client.key }),
      filter: { types: [], outcomes: [], categories: [], minSeverity: 0 },
      cursors: { create: [0, 1, 2, 3].map((lane) => ({ lane, position: 0n })) },
    },
  });
  say(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model}; Node ${process.version}; ${PER_PHASE} events a phase`);
  const server = await startIngestServer(env);
  procs.push(server.proc);

  // 1. Sustained load with the worker forwarding meanwhile.
  const worker = startWorker();
  // Warm-up: one console event through the whole path, so the worker's start is not in the figures.
  const { appendAuditEvents } = await import("../apps/console/src/server/audit/append-events");
  await prisma.$transaction((tx) =>
    appendAuditEvents(tx, org.id, [
      {
        ts: new Date(),
        category: "admin",
        type: "admin.bench.start",
        action: "bench.start",
        outcome: "success",
        actorType: "system",
      },
    ]),
  );
  await waitFor(1);
  const lags: { events: number; seconds: number }[] = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const l = (await siemLag(prisma, org.id)).get(destId);
      if (l) lags.push(l);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  let t0 = performance.now();
  const sustained = await load(server.port, makeAgents(ids.slice(0, DEVICES), shape), "/api/agent/v1/events", shape);
  const ingestEnd = performance.now();
  const caughtUp = await waitFor(PER_PHASE + 1);
  sampling = false;
  await sampler;
  const sustainedRate = PER_PHASE / ((ingestEnd - t0) / 1000);
  const tail = (caughtUp - ingestEnd) / 1000;
  say(
    `[sustained] ingested ${PER_PHASE} in ${((ingestEnd - t0) / 1000).toFixed(1)} s (${Math.round(sustainedRate)} events/s, statuses ${JSON.stringify(sustained.statuses)}); ` +
      `rsyslog had every record ${tail.toFixed(2)} s after the last batch; lag max ${Math.max(...lags.map((l) => l.events))} records / ` +
      `${Math.max(...lags.map((l) => l.seconds))} s, p95 ${percentile(
        lags.map((l) => l.events),
        95,
      )} records / ${percentile(
        lags.map((l) => l.seconds),
        95,
      )} s`,
  );

  // 2. Capacity: the destination paused while the same amount is ingested, then resumed to drain the backlog.
  await prisma.siemDestination.update({ where: { id: destId }, data: { enabled: false } });
  t0 = performance.now();
  const backlog = await load(server.port, makeAgents(ids.slice(DEVICES), shape), "/api/agent/v1/events", shape);
  const ingestSeconds = (performance.now() - t0) / 1000;
  const stored = await prisma.auditEvent.count({ where: { orgId: org.id } });
  const before = received();
  t0 = performance.now();
  await prisma.siemDestination.update({ where: { id: destId }, data: { enabled: true } });
  const drained = await waitFor(stored);
  const drainSeconds = (drained - t0) / 1000;
  const ingestRate = PER_PHASE / ingestSeconds;
  const forwardRate = (stored - before) / drainSeconds;
  say(
    `[capacity] ingestion ${Math.round(ingestRate)} events/s (${JSON.stringify(backlog.statuses)}); forwarding drained ${stored - before} records ` +
      `in ${drainSeconds.toFixed(2)} s: ${Math.round(forwardRate)} records/s; ratio forwarding / ingestion = ${(forwardRate / ingestRate).toFixed(2)}`,
  );
  stop(worker);
  fs.mkdirSync(path.join(root, "bench/results"), { recursive: true });
  fs.writeFileSync(
    path.join(root, "bench/results/siem.json"),
    `${JSON.stringify(
      {
        at: new Date().toISOString(),
        DEVICES,
        BATCH,
        ROUNDS,
        sustained: { eventsPerSecond: Math.round(sustainedRate), tailSeconds: tail, lags },
        capacity: {
          ingestPerSecond: Math.round(ingestRate),
          forwardPerSecond: Math.round(forwardRate),
          ratio: forwardRate / ingestRate,
        },
      },
      null,
      2,
    )}\n`,
  );
} finally {
  for (const p of procs) {
    try {
      p.pid && process.kill(-p.pid, "SIGTERM");
    } catch {
      p.kill("SIGTERM");
    }
  }
  await rsyslog.destroy();
  const { closeDatabases } = await import("../apps/console/src/server/db");
  await closeDatabases();
  await testDb.drop();
}
