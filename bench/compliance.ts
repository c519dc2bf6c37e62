/**
 * Compliance report benchmark: a scheduled SOC 2 report and its evidence package for the last
 * PERIOD_DAYS (90) days of a ROWS (5,000,000) event trail, generated exactly as the worker does
 * (claim the run, evaluate every control, write the period's chain windows as NDJSON, render PDF,
 * CSV and JSON, zip, sign, store the package in Postgres), in a child process whose peak RSS is
 * read from the kernel. Baseline in the same run: `psql \copy` of the same period's rows to
 * /dev/null (a plain COPY-out, the least any export of those rows can cost).
 * The trail is the browse and dashboard benchmarks' (bench/audit/generate-events.ts: 2,000 devices,
 * 500 users, SPAN_DAYS 360 days), without the dashboard's rollup trigger, with a signed checkpoint
 * per day on its chain lane (as the worker would have written), so a package carries whole windows.
 * Usage: npm run bench:compliance   env ROWS, SPAN_DAYS, PERIOD_DAYS, DEVICES; KEEP_DB=1, REUSE_DB=<url>.
 */
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { makeCheckpoint, type SignedCheckpoint } from "@luminous/audit";
import { createPrisma } from "@luminous/db";
import { createTestDatabase } from "@luminous/testkit";
import { consoleEnv, root, say } from "./audit/common";
import { generateEvents } from "./audit/generate-events";

const ROWS = Number(process.env.ROWS ?? 5_000_000);
const SPAN_DAYS = Number(process.env.SPAN_DAYS ?? 360);
const PERIOD_DAYS = Number(process.env.PERIOD_DAYS ?? 90);
const DEVICES = Number(process.env.DEVICES ?? 2000);
const DAY = 86_400_000;

const db = process.env.REUSE_DB ? { url: process.env.REUSE_DB, drop: async () => {} } : await createTestDatabase();
const env = consoleEnv(db.url);
// The org's signing key is encrypted with MASTER_KEY: a kept database's keys are kept beside the results.
const envFile = path.join(root, `bench/results/compliance-env-${new URL(db.url).pathname.slice(1)}.json`);
if (process.env.REUSE_DB) Object.assign(env, JSON.parse(fs.readFileSync(envFile, "utf8")));
Object.assign(process.env, env);
const prisma = createPrisma(db.url);
const results: Record<string, unknown> = {
  at: new Date().toISOString(),
  rows: ROWS,
  spanDays: SPAN_DAYS,
  periodDays: PERIOD_DAYS,
  cpus: os.cpus().length,
  load: os.loadavg(),
};

async function setUp(): Promise<string> {
  if (process.env.REUSE_DB) {
    const { id } = await prisma.org.findFirstOrThrow({ where: { slug: { startsWith: "bench-" } } });
    if ((await prisma.chainCheckpoint.count({ where: { orgId: id } })) === 0) await signDailyCheckpoints(id);
    return id;
  }
  fs.mkdirSync(path.join(root, "bench/results"), { recursive: true });
  fs.writeFileSync(envFile, JSON.stringify({ MASTER_KEY: env.MASTER_KEY, AUTH_SECRET: env.AUTH_SECRET }));
  const { createOrgWithOwner } = await import("../apps/console/src/server/seed/create-org");
  const { org } = await createOrgWithOwner({
    name: "Bench",
    slug: `bench-${Date.now()}`,
    owner: { email: `owner-${Date.now()}@bench.test`, name: "Owner", password: "bench-owner-password-1" },
  });
  await prisma.$executeRawUnsafe(`
    INSERT INTO "Device" ("id","orgId","hostname","machineId","publicKey","lastSeenAt")
    SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(d), 12, '0'))::uuid, '${org.id}', 'ws-' || d, 'm-' || d, 'k',
           now() - (d % 97) * interval '1 minute'
    FROM generate_series(0, ${DEVICES - 1}) d`);
  say(`generating ${ROWS} events over ${SPAN_DAYS} days...`);
  const t = Date.now();
  results.tableSize = await generateEvents(prisma, org.id, {
    rows: ROWS,
    devices: DEVICES,
    spanDays: SPAN_DAYS,
    rollups: false,
  });
  results.generateSeconds = Math.round((Date.now() - t) / 1000);
  await signDailyCheckpoints(org.id);
  return org.id;
}

/** A signed checkpoint at the last row of every day of the trail, chained, as the worker writes them. */
async function signDailyCheckpoints(orgId: string) {
  const { activeSigningKey } = await import("../apps/console/src/server/signing-keys/active-signing-key");
  const key = (await activeSigningKey(orgId))!;
  const ends = await prisma.$queryRawUnsafe<{ seq: bigint }[]>(
    `SELECT max("serverSeq") AS seq FROM "AuditEvent" WHERE "orgId" = '${orgId}' GROUP BY date_trunc('day', "ts") ORDER BY 1`,
  );
  let previous: SignedCheckpoint | null = null;
  let n = 0;
  for (const { seq } of ends) {
    const [row] = await prisma.$queryRawUnsafe<{ id: string; serverHash: string; ts: Date }[]>(
      `SELECT "id", "serverHash", "ts" FROM "AuditEvent" WHERE "orgId" = '${orgId}' AND "lane" = 0 AND "serverSeq" = ${seq}`,
    );
    const cp: SignedCheckpoint = makeCheckpoint(
      {
        orgId,
        lane: 0,
        lastEventId: row!.id,
        lastServerHash: row!.serverHash,
        count: Number(seq),
        at: row!.ts.toISOString(),
        previous,
        previousSeq: n,
      },
      key,
    );
    n++;
    await prisma.chainCheckpoint.create({
      data: {
        orgId,
        lane: 0,
        seq: n,
        serverSeq: seq,
        serverHash: row!.serverHash,
        count: seq,
        keyId: key.keyId,
        payload: cp.payload,
        signature: cp.signature,
      },
    });
    previous = cp;
  }
  say(`signed ${n} daily checkpoints`);
}

/** The baseline: the period's rows (the columns the package carries) copied out by psql to /dev/null. */
async function copyOut(orgId: string, from: Date, to: Date): Promise<number> {
  const sql = `\\copy (SELECT * FROM "AuditEvent" WHERE "orgId" = '${orgId}' AND "ts" >= '${from.toISOString()}' AND "ts" < '${to.toISOString()}') TO '/dev/null'`;
  const t = performance.now();
  await promisify(execFile)("psql", [db.url, "-qc", sql]);
  return performance.now() - t;
}

/** Runs bench/compliance-run.ts (the worker's report job) in its own process: its time and peak RSS. */
function generateInChild(): Promise<{ ms: number; maxRssMb: number; out: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    // BENCH_CPU_PROF=<dir>: a V8 CPU profile of the generation, written when it exits.
    const prof = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    const p = spawn(process.execPath, [...prof, "--import", "tsx", path.join(root, "bench/compliance-run.ts")], {
      cwd: root,
      env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, "apps/console/tsconfig.json") },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    p.stdout!.on("data", (d) => {
      out += d;
    });
    p.once("exit", (code) => {
      const ms = performance.now() - t;
      if (code !== 0) return reject(new Error(`compliance-run exited ${code}`));
      const r = JSON.parse(out.trim().split("\n").at(-1)!);
      resolve({ ms, maxRssMb: r.maxRssMb, out: r });
    });
  });
}

try {
  const orgId = await setUp();
  const to = new Date();
  const from = new Date(to.getTime() - PERIOD_DAYS * DAY);
  const [{ n }] = await prisma.$queryRawUnsafe<{ n: bigint }[]>(
    `SELECT count(*) AS n FROM "AuditEvent" WHERE "orgId" = '${orgId}' AND "ts" >= '${from.toISOString()}' AND "ts" < '${to.toISOString()}'`,
  );
  results.eventsInPeriod = Number(n);
  say(`period ${from.toISOString()} to ${to.toISOString()}: ${n} events`);
  const copyMs = [await copyOut(orgId, from, to), await copyOut(orgId, from, to)];
  const baseline = Math.min(...copyMs);
  say(
    `baseline: psql \\copy of the period's rows to /dev/null: ${Math.round(baseline)} ms (runs ${copyMs.map(Math.round).join(", ")})`,
  );
  const run = await prisma.reportRun.create({
    data: { orgId, framework: "soc2", cadence: "once", periodFrom: from, periodTo: to, requestedByLabel: "bench" },
  });
  process.env.BENCH_RUN_ID = run.id;
  const g = await generateInChild();
  const stored = await prisma.reportRun.findUniqueOrThrow({ where: { id: run.id } });
  if (stored.status !== "succeeded") throw new Error(`the run ${stored.status}: ${stored.lastError}`);
  results.report = {
    ...g.out,
    wallMs: Math.round(g.ms),
    packageBytes: Number(stored.bytes),
    baselineCopyMs: Math.round(baseline),
    ratio: Math.round((g.ms / baseline) * 10) / 10,
  };
  say(
    `report + evidence package (worker path, own process): ${(g.ms / 1000).toFixed(1)} s = ${(g.ms / baseline).toFixed(1)} x the COPY; peak RSS ${g.maxRssMb} MB; package ${(Number(stored.bytes) / 2 ** 20).toFixed(1)} MiB`,
  );
  say(JSON.stringify(g.out));
  fs.mkdirSync(path.join(root, "bench/results"), { recursive: true });
  fs.writeFileSync(path.join(root, "bench/results/compliance.json"), `${JSON.stringify(results, null, 2)}\n`);
} finally {
  const { closeDatabases } = await import("../apps/console/src/server/db");
  await closeDatabases();
  await prisma.$disconnect();
  if (process.env.KEEP_DB === "1") say(`kept database ${db.url}`);
  else await db.drop();
}
