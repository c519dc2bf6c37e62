/**
 * Ingestion benchmark: sustained events/s from many simulated agents over HTTP into Postgres,
 * against a plain COPY of the same rows into the same table in the same run (the ceiling).
 *
 * A fresh migrated database (every index of the audit browser in place), one org, DEVICES
 * devices. Each simulated agent sends BATCHES gzip-compressed batches of BATCH hash-chained events
 * (chained and compressed before the clock starts, as the agent's spool would have them), each
 * request with a fresh EdDSA device token; CONCURRENCY agents are in flight at a time.
 * Target: the ingestion route (the same handler Next.js serves) in its own Node process, and, with
 * NEXT=1 and a current `next build`, the built console itself.
 *
 * Also reported: the machine's CPU time per event and per copied row (/proc/stat, all processes,
 * the load generator included) and the share the hypervisor stole; the CPU ratio moves less than
 * the rate ratio on a VM whose neighbours come and go.
 *
 * Usage: npm run bench:ingest   (env DEVICES, BATCHES, BATCH, CONCURRENCY, NEXT=1)
 */
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateEd25519 } from "@luminous/crypto";
import { createPrisma } from "@luminous/db";
import { createTestDatabase } from "@luminous/testkit";
import { AGENT_API_NODE_FLAGS } from "../../apps/console/src/server/ingest/limits";
import { buildIsStale, freePort, startConsole } from "../../scripts/lib/console.mjs";
import { load, makeAgents } from "./agent-load";
import { consoleEnv, cpuPerItem, machineCpu, percentile, root, say, startIngestServer } from "./common";

const DEVICES = Number(process.env.DEVICES ?? 150);
const BATCHES = Number(process.env.BATCHES ?? 2);
// The agent's default batch size (apps/agent/src/commands/run.ts).
const BATCH = Number(process.env.BATCH ?? 1000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);

const shape = { batches: BATCHES, batch: BATCH, concurrency: CONCURRENCY };

const COLS = `"id","ts","orgId","receivedAt","category","type","action","outcome","actorType","actorId","actorLabel","targetType","targetId","targetLabel","before","after","ip","userAgent","sessionId","requestId","deviceId","seq","subject","command","packages","services","data","prevHash","hash","lane","serverSeq","serverHash"`;

/**
 * COPY of the same rows (fresh ids) into the same table, as one stream and as two concurrent
 * streams of half the rows each (ingestion writes from several connections on the machine's two
 * cores, so one stream alone would understate the ceiling). Each run deletes the copied rows after.
 */
async function copyBaseline(
  url: string,
  orgId: string,
  prisma: ReturnType<typeof createPrisma>,
): Promise<{
  rows: number;
  one: number;
  two: number;
  oneCpu: ReturnType<typeof cpuPerItem>;
  twoCpu: ReturnType<typeof cpuPerItem>;
}> {
  const file = path.join(os.tmpdir(), `bench-copy-${process.pid}.tsv`);
  // New ids of the kind ingestion makes (UUIDv7: millisecond time first), so the primary key
  // grows the same way in both.
  const select = COLS.replace(
    '"id"',
    `(lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0') || '7' || substr(replace(gen_random_uuid()::text, '-', ''), 14))::uuid`,
  );
  const psql = (args: string[]) =>
    new Promise<void>((resolve, reject) =>
      execFile("psql", [url, "-qAt", ...args], (err) => (err ? reject(err) : resolve())),
    );
  await psql([
    "-c",
    `\\copy (SELECT ${select} FROM "AuditEvent" WHERE "orgId" = '${orgId}' AND "category" = 'agent') TO '${file}'`,
  ]);
  const lines = fs.readFileSync(file, "utf8").split("\n").filter(Boolean);
  const half = Math.ceil(lines.length / 2);
  const halves = [lines.slice(0, half), lines.slice(half)].map((part, i) => {
    const f = `${file}.${i}`;
    fs.writeFileSync(f, `${part.join("\n")}\n`);
    return f;
  });
  const copyIn = (f: string) => psql(["-c", `\\copy "AuditEvent" (${COLS}) FROM '${f}'`]);
  let cpu = await machineCpu();
  let t = performance.now();
  await copyIn(file);
  const one = (performance.now() - t) / 1000;
  const oneCpu = cpuPerItem(cpu, await machineCpu(), lines.length);
  // Remove the copied rows again (and their index entries), so both runs start from the same table.
  const ids = lines.map((l) => l.slice(0, l.indexOf("\t")));
  await prisma.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "id" = ANY($1::uuid[])`, ids);
  await prisma.$executeRawUnsafe(`VACUUM "AuditEvent"`);
  cpu = await machineCpu();
  t = performance.now();
  await Promise.all(halves.map(copyIn));
  const two = (performance.now() - t) / 1000;
  const twoCpu = cpuPerItem(cpu, await machineCpu(), lines.length);
  for (const f of [file, ...halves]) fs.rmSync(f, { force: true });
  return { rows: lines.length, one, two, oneCpu, twoCpu };
}

async function runTarget(
  name: string,
  port: number,
  prisma: ReturnType<typeof createPrisma>,
  orgId: string,
  ids: { id: string; key: string }[],
  url: string,
) {
  await prisma.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "orgId" = '${orgId}'`);
  await prisma.$executeRawUnsafe(`DELETE FROM "AgentEventKey"`);
  await prisma.$executeRawUnsafe(`DELETE FROM "AuditChainHead"`);
  await prisma.$executeRawUnsafe("VACUUM ANALYZE");
  const t0 = Date.now();
  const agents = makeAgents(ids, shape);
  say(`[${name}] ${agents.length} agents x ${BATCHES} batches x ${BATCH} events prepared in ${Date.now() - t0} ms`);
  const cpu0 = await machineCpu();
  const r = await load(port, agents, "/api/agent/v1/events", shape);
  const cpu = cpuPerItem(cpu0, await machineCpu(), DEVICES * BATCHES * BATCH);
  const stored = await prisma.auditEvent.count({ where: { orgId, category: "agent" } });
  const expected = DEVICES * BATCHES * BATCH;
  const rate = stored / r.seconds;
  say(
    `[${name}] ${stored} events stored (expected ${expected}) in ${r.seconds.toFixed(2)} s: ${Math.round(rate)} events/s; ` +
      `statuses ${JSON.stringify(r.statuses)}; batch p50 ${Math.round(percentile(r.latencies, 50))} ms, p95 ${Math.round(percentile(r.latencies, 95))} ms; ` +
      `machine CPU ${cpu.usPerItem} us/event (load generator included), ${Math.round(cpu.stealShare * 100)} % stolen`,
  );
  const copy = await copyBaseline(url, orgId, prisma);
  const one = copy.rows / copy.one;
  const two = copy.rows / copy.two;
  const ceiling = Math.max(one, two);
  say(
    `[${name}] COPY of the same ${copy.rows} rows: one stream ${Math.round(one)} rows/s, two concurrent streams ${Math.round(two)} rows/s; ` +
      `ingestion = ${(rate / ceiling).toFixed(2)} x the faster COPY; machine CPU ${copy.oneCpu.usPerItem} / ${copy.twoCpu.usPerItem} us/row ` +
      `(${Math.round(copy.oneCpu.stealShare * 100)} / ${Math.round(copy.twoCpu.stealShare * 100)} % stolen), ` +
      `ingestion = ${(cpu.usPerItem / copy.twoCpu.usPerItem).toFixed(2)} x the CPU of two-stream COPY`,
  );
  return {
    target: name,
    events: stored,
    expected,
    seconds: r.seconds,
    eventsPerSecond: Math.round(rate),
    copyOneStreamRowsPerSecond: Math.round(one),
    copyTwoStreamsRowsPerSecond: Math.round(two),
    ratio: Number((rate / ceiling).toFixed(3)),
    cpuUsPerEvent: cpu.usPerItem,
    copyCpuUsPerRow: { one: copy.oneCpu.usPerItem, two: copy.twoCpu.usPerItem },
    stealShare: Number(cpu.stealShare.toFixed(3)),
    statuses: r.statuses,
    batchP50Ms: Math.round(percentile(r.latencies, 50)),
    batchP95Ms: Math.round(percentile(r.latencies, 95)),
  };
}

const db = await createTestDatabase();
const env = consoleEnv(db.url);
const prisma = createPrisma(db.url);
const results: unknown[] = [];
try {
  const org = await prisma.org.create({ data: { name: "Bench", slug: `bench-${Date.now()}` } });
  const ids: { id: string; key: string }[] = [];
  for (let i = 0; i < DEVICES; i++) {
    const k = generateEd25519();
    const d = await prisma.device.create({
      data: { orgId: org.id, hostname: `ws-${i}`, machineId: `m-${i}`, publicKey: k.publicKey },
    });
    ids.push({ id: d.id, key: k.privateKeyPem });
  }
  say(
    `machine: ${os.cpus().length} x ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; Node ${process.version}`,
  );
  // The same V8 flags the standalone agent API runs with (apps/console/scripts/agent-api.ts).
  const server = await startIngestServer(env, AGENT_API_NODE_FLAGS);
  try {
    results.push(await runTarget("node service", server.port, prisma, org.id, ids, db.url));
  } finally {
    server.proc.kill("SIGTERM");
  }
  if (process.env.AGENT_API === "1") {
    // The standalone agent API service (apps/console/scripts/agent-api.ts), one worker per core.
    const port = await freePort();
    const proc = spawn(
      path.join(root, "node_modules/.bin/tsx"),
      [path.join(root, "apps/console/scripts/agent-api.ts")],
      {
        env: { ...process.env, ...env, AGENT_API_PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` },
        stdio: "ignore",
      },
    );
    try {
      for (let i = 0; i < 150; i++) {
        if (
          await fetch(`http://127.0.0.1:${port}/healthz`).then(
            (r) => r.ok,
            () => false,
          )
        )
          break;
        await new Promise((r) => setTimeout(r, 200));
      }
      results.push(await runTarget("standalone agent API", port, prisma, org.id, ids, db.url));
    } finally {
      proc.kill("SIGTERM");
    }
  }
  if (process.env.NEXT === "1") {
    const stale = buildIsStale();
    if (stale) say(`[next] skipped: the console build is stale (${stale}); run npm run build first`);
    else {
      const port = await freePort();
      const c = await startConsole({
        port,
        env: { ...env, PUBLIC_URL: `http://127.0.0.1:${port}` },
        logFile: path.join(os.tmpdir(), "bench-ingest-console.log"),
      });
      try {
        results.push(await runTarget("next start", port, prisma, org.id, ids, db.url));
      } finally {
        await c.stop?.();
      }
    }
  }
  fs.mkdirSync(path.join(root, "bench/results"), { recursive: true });
  fs.writeFileSync(
    path.join(root, "bench/results/audit-ingest.json"),
    `${JSON.stringify({ at: new Date().toISOString(), cpus: os.cpus().length, DEVICES, BATCHES, BATCH, CONCURRENCY, results }, null, 2)}\n`,
  );
} finally {
  await prisma.$disconnect();
  await db.drop();
}
