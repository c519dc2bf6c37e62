/**
 * Dashboard benchmark: the queries behind GET /api/v1/dashboard over a 5 M event trail.
 *
 * Generates ROWS events (default 5,000,000) exactly as the browse benchmark does (one org, 12
 * months, 2,000 devices, 500 users: bench/audit/generate-events.ts); the rollup triggers run
 * during generation as they do on every insert. Then getDashboard (the domain function behind
 * the endpoint, every figure: counts, hourly series, percentiles, active users, devices) runs
 * RUNS times per period: each named range ending now, and periods with ragged ends (minutes and
 * seconds off the hour, so both the rollups and the events themselves are read), p50 / p95 / max.
 * Each figure of the longest period is also timed alone. The compliance panel (its own endpoint:
 * the stored daily history plus today's live evaluation) is timed separately.
 * Also: the cost of the triggers on writes, as the time to insert the same 200,000 rows with
 * the rollup triggers enabled and disabled.
 * Usage: npm run bench:dashboard   env ROWS, RUNS, DEVICES; KEEP_DB=1 keeps the database,
 *        REUSE_DB=<its url> measures it again; COMPLIANCE=0 skips the compliance panel.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPrisma } from "@luminous/db";
import { createTestDatabase } from "@luminous/testkit";
import { consoleEnv, percentile, root, say } from "./audit/common";
import { generateEvents } from "./audit/generate-events";

const ROWS = Number(process.env.ROWS ?? 5_000_000);
const RUNS = Number(process.env.RUNS ?? 30);
const DEVICES = Number(process.env.DEVICES ?? 2000);

const db = process.env.REUSE_DB ? { url: process.env.REUSE_DB, drop: async () => {} } : await createTestDatabase();
Object.assign(process.env, consoleEnv(db.url));
const prisma = createPrisma(db.url);
const results: Record<string, unknown> = { at: new Date().toISOString(), rows: ROWS, cpus: os.cpus().length };
const DAY = 86_400_000;
const rnd = (n: number) => Math.floor(Math.random() * n);

async function setUp(): Promise<string> {
  if (process.env.REUSE_DB)
    return (await prisma.org.findFirstOrThrow({ where: { slug: { startsWith: "bench-" } } })).id;
  const org = await prisma.org.create({ data: { name: "Bench", slug: `bench-${Date.now()}` } });
  // devices in every state: seen within minutes, hours, days; some behind on policy, some expired
  await prisma.$executeRawUnsafe(`
    INSERT INTO "Device" ("id","orgId","hostname","machineId","publicKey","lastSeenAt","bundleVersion","appliedPolicyVersion","bundleIssuedAt")
    SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(d), 12, '0'))::uuid, '${org.id}', 'ws-' || d, 'm-' || d, 'k',
           now() - (d % 97) * interval '1 minute' * (1 + d % 5) ^ 3, 3, 3 - d % 3 / 2, now() - (d % 11) * interval '1 day'
    FROM generate_series(0, ${DEVICES - 1}) d`);
  say(`generating ${ROWS} events...`);
  const t = Date.now();
  results.tableSize = await generateEvents(prisma, org.id, { rows: ROWS, devices: DEVICES });
  results.generateSeconds = Math.round((Date.now() - t) / 1000);
  const [r] = await prisma.$queryRawUnsafe<{ h: bigint; d: bigint; u: bigint }[]>(
    `SELECT (SELECT count(*) FROM "AuditRollupHour") AS h, (SELECT count(*) FROM "AuditRollupDuration") AS d, (SELECT count(*) FROM "AuditRollupUser") AS u`,
  );
  say(`rollup rows: ${r?.h} hour counts, ${r?.d} duration buckets, ${r?.u} user-days`);
  results.rollupRows = { hour: Number(r?.h), duration: Number(r?.d), user: Number(r?.u) };
  return org.id;
}

async function timeDashboard(orgId: string) {
  const { getDashboard } = await import("../apps/console/src/server/dashboard/get-dashboard");
  const ctx = { orgId } as Parameters<typeof getDashboard>[0];
  const ragged = (days: number) => () => {
    const to = Date.now() - rnd(300) * DAY - rnd(3600_000);
    return {
      range: "24h" as const,
      from: new Date(to - days * DAY - rnd(3600_000)).toISOString(),
      to: new Date(to).toISOString(),
    };
  };
  const periods: [string, () => Record<string, string>][] = [
    ["last hour", () => ({ range: "1h" })],
    ["last 24 hours", () => ({ range: "24h" })],
    ["last 7 days", () => ({ range: "7d" })],
    ["last 30 days", () => ({ range: "30d" })],
    ["a ragged day, months back", ragged(1)],
    ["a ragged 30 days, months back", ragged(30)],
    ["a ragged 92 days (the longest)", ragged(92)],
  ];
  const out: Record<string, unknown>[] = [];
  say(`\ngetDashboard: ${RUNS} runs per period (every figure of GET /api/v1/dashboard)`);
  say(`${"period".padEnd(34)} ${"p50".padStart(7)} ${"p95".padStart(7)} ${"max".padStart(7)}  commands in period`);
  for (const [name, make] of periods) {
    await getDashboard(ctx, make() as never); // warm plans and caches
    const ms: number[] = [];
    let commands = 0;
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const d = await getDashboard(ctx, make() as never);
      ms.push(performance.now() - t);
      commands = d.commands.total;
    }
    const row = {
      period: name,
      p50: Math.round(percentile(ms, 50)),
      p95: Math.round(percentile(ms, 95)),
      max: Math.round(Math.max(...ms)),
      commands,
    };
    out.push(row);
    say(
      `${name.padEnd(34)} ${`${row.p50} ms`.padStart(7)} ${`${row.p95} ms`.padStart(7)} ${`${row.max} ms`.padStart(7)}  ${commands}`,
    );
  }
  results.dashboard = out;
}

/** Each figure of a ragged 92-day period on its own: which query the period's time goes to. */
async function timeFigures(orgId: string) {
  const f = await import("../apps/console/src/server/dashboard/event-figures");
  const { deviceFigures } = await import("../apps/console/src/server/dashboard/device-figures");
  const parts: [string, (from: Date, to: Date) => Promise<unknown>][] = [
    ["eventCounts", (a, b) => f.eventCounts(orgId, a, b)],
    ["hourlySeries", (a, b) => f.hourlySeries(orgId, a, b, ["command_received", "execution_completed"])],
    ["durationBuckets", (a, b) => f.durationBuckets(orgId, a, b)],
    ["activeUsers", (a, b) => f.activeUsers(orgId, a, b)],
    ["deviceFigures", () => deviceFigures(orgId, new Date())],
  ];
  const out: Record<string, unknown>[] = [];
  say("\nragged 92 days, each figure alone (p50 / p95 of RUNS)");
  for (const [name, run] of parts) {
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const to = Date.now() - rnd(200) * DAY - rnd(3600_000);
      const t = performance.now();
      await run(new Date(to - 92 * DAY - rnd(3600_000)), new Date(to));
      ms.push(performance.now() - t);
    }
    const row = { figure: name, p50: Math.round(percentile(ms, 50)), p95: Math.round(percentile(ms, 95)) };
    out.push(row);
    say(`  ${name.padEnd(16)} ${row.p50} ms / ${row.p95} ms`);
  }
  results.figures92 = out;
}

/**
 * The compliance panel reads the stored daily history: a year of it is written first (every
 * control, every day, chained, as the worker stores it; statuses vary from day to day), then each
 * range is asked for RUNS times. Its first call of the day also evaluates today live (timed apart).
 */
async function timeCompliance(orgId: string) {
  const { chainSnapshots, CONTROLS } = await import("@luminous/compliance");
  const { getComplianceSummary } = await import("../apps/console/src/server/compliance/get-compliance-summary");
  const { clearLiveControlStatus } = await import("../apps/console/src/server/compliance/live-control-status");
  if ((await prisma.complianceSnapshot.count({ where: { orgId } })) === 0) {
    const today = Math.floor(Date.now() / DAY) * DAY;
    let prev: string | null = null;
    let seq = 0;
    for (let d = today - 365 * DAY; d < today; d += DAY) {
      const day = new Date(d).toISOString().slice(0, 10);
      const snaps = chainSnapshots(
        prev,
        CONTROLS.map((c, i) => ({
          orgId,
          seq: ++seq,
          day,
          controlId: c.id,
          status: (d / DAY + i) % 11 === 0 ? "fail" : (d / DAY + i) % 5 === 0 ? "attention" : "pass",
          population: 2000,
          exceptionCount: (d / DAY + i) % 11 === 0 ? 12 : 0,
          numbers: { events: 100 },
        })),
      );
      prev = snaps.at(-1)!.hash;
      await prisma.complianceSnapshot.createMany({ data: snaps.map((x) => ({ ...x, seq: BigInt(x.seq) })) });
    }
  }
  const out: Record<string, unknown>[] = [];
  clearLiveControlStatus();
  let t = performance.now();
  await getComplianceSummary(orgId, { from: new Date(Date.now() - 3600_000), to: new Date() });
  const coldMs = Math.round(performance.now() - t);
  say(`\ncompliance panel (getComplianceSummary): first call of the day (today evaluated live) ${coldMs} ms`);
  for (const [name, days] of [
    ["last 24 hours", 1],
    ["last 7 days", 7],
    ["last 30 days", 30],
    ["92 days", 92],
  ] as const) {
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      t = performance.now();
      await getComplianceSummary(orgId, { from: new Date(Date.now() - days * DAY), to: new Date() });
      ms.push(performance.now() - t);
    }
    const row = { range: name, p50: Math.round(percentile(ms, 50)), p95: Math.round(percentile(ms, 95)) };
    out.push(row);
    say(`  ${name.padEnd(14)} p50 ${row.p50} ms, p95 ${row.p95} ms`);
  }
  results.compliance = { coldMs, ranges: out };
}

/** Inserting the same rows with and without the rollup triggers: what they add to a write. */
async function triggerCost(orgId: string) {
  const N = 200_000;
  // the newest rows again, under new ids (every insert is rolled back, so the same copy serves each run)
  await prisma.$executeRawUnsafe("DROP TABLE IF EXISTS bench_rows");
  await prisma.$executeRawUnsafe(`CREATE UNLOGGED TABLE bench_rows AS
    SELECT * FROM "AuditEvent" WHERE "orgId" = '${orgId}' ORDER BY "ts" DESC LIMIT ${N}`);
  await prisma.$executeRawUnsafe("UPDATE bench_rows SET id = gen_random_uuid()");
  const once = async (enabled: boolean) => {
    return prisma
      .$transaction(
        async (tx) => {
          if (!enabled) {
            await tx.$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_rollup_insert"`);
          }
          const t = performance.now();
          await tx.$executeRawUnsafe(`INSERT INTO "AuditEvent" SELECT * FROM bench_rows`);
          const ms = performance.now() - t;
          throw Object.assign(new Error("rollback"), { ms });
        },
        { timeout: 600_000 },
      )
      .catch((e: { ms?: number }) => {
        if (e.ms === undefined) throw e;
        return e.ms;
      });
  };
  const on: number[] = [];
  const off: number[] = [];
  for (let i = 0; i < 3; i++) {
    off.push(await once(false));
    on.push(await once(true));
  }
  const r = { rows: N, withTriggersMs: Math.round(percentile(on, 50)), withoutMs: Math.round(percentile(off, 50)) };
  results.triggerCost = { ...r, ratio: Math.round((r.withTriggersMs / r.withoutMs) * 100) / 100 };
  say(
    `\ninserting ${N} events (median of 3, rolled back): ${r.withoutMs} ms without the rollup triggers, ${r.withTriggersMs} ms with them (x${(r.withTriggersMs / r.withoutMs).toFixed(2)})`,
  );
}

try {
  const orgId = await setUp();
  await timeDashboard(orgId);
  await timeFigures(orgId);
  if (process.env.COMPLIANCE !== "0") await timeCompliance(orgId);
  if (process.env.TRIGGER_COST !== "0") await triggerCost(orgId);
  fs.mkdirSync(path.join(root, "bench/results"), { recursive: true });
  fs.writeFileSync(path.join(root, "bench/results/dashboard.json"), `${JSON.stringify(results, null, 2)}\n`);
} finally {
  const { db: consoleDb } = await import("../apps/console/src/server/db");
  await consoleDb().$disconnect();
  await prisma.$disconnect();
  if (process.env.KEEP_DB === "1") say(`kept database ${db.url}`);
  else await db.drop();
}
