/**
 * Audit browser and export benchmark over a large trail.
 *
 * Generates ROWS events (default 5,000,000) for one org in a fresh database, spread over the last
 * 12 months (so across monthly partitions): 90 % workstation events from DEVICES devices in 20
 * groups and 500 users, 10 % console events, realistic types, outcomes, packages, services and
 * commands. Rows are generated in SQL with the browser's indexes dropped and rebuilt after (as a
 * restore would), then ANALYZEd.
 *   browse  the list query (listAuditEvents, the domain function behind GET /api/v1/audit-events)
 *           for each common filter, RUNS times with varying values: first page and the keyset page
 *           after it (or, when the first page is the last, a keyset page from a cursor 1-11 months
 *           back: what "older" costs for a filter with few or no matches), p50 / p95 / max.
 *   export  GET /api/v1/audit-events/export over HTTP (the route handler in its own Node process),
 *           ~1M events as NDJSON and CSV, the server's RSS sampled every 50 ms.
 * Usage: npm run bench:browse  (both)   npm run bench:export  (export only, 1.2M rows)
 *        env ROWS, RUNS, DEVICES; KEEP_DB=1 keeps the database, REUSE_DB=<its url> measures it again,
 *        EXPORT=0 skips the export.
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { hashToken, newToken } from "@luminous/crypto";
import { createPrisma } from "@luminous/db";
import { createTestDatabase } from "@luminous/testkit";
import { consoleEnv, percentile, root, rssOf, say, startIngestServer } from "./common";
import { generateEvents } from "./generate-events";

const exportOnly = process.argv.includes("--export");
const ROWS = Number(process.env.ROWS ?? (exportOnly ? 1_200_000 : 5_000_000));
const RUNS = Number(process.env.RUNS ?? 30);
const DEVICES = Number(process.env.DEVICES ?? 2000);
const EXPORT = process.env.EXPORT !== "0";

// REUSE_DB=<url of a database kept with KEEP_DB=1>: skip generating, measure again.
const db = process.env.REUSE_DB ? { url: process.env.REUSE_DB, drop: async () => {} } : await createTestDatabase();
const env = consoleEnv(db.url);
Object.assign(process.env, env);
const prisma = createPrisma(db.url);
const results: Record<string, unknown> = { at: new Date().toISOString(), rows: ROWS, cpus: os.cpus().length };

async function browse(orgId: string, groupIds: string[]) {
  const { listAuditEvents } = await import("../../apps/console/src/server/audit/list-audit-events");
  const { encodeCursor } = await import("../../apps/console/src/server/audit/audit-filter");
  const ctx = { orgId } as Parameters<typeof listAuditEvents>[0];
  const rnd = (n: number) => Math.floor(Math.random() * n);
  const day = 86_400_000;
  // Groups none of whose devices (or members) have an event: the case that used to walk everything.
  const active = await prisma.$queryRawUnsafe<{ id: string; any: boolean }[]>(
    `SELECT g."id"::text AS id, EXISTS (SELECT 1 FROM "Device" d JOIN "AuditEvent" e ON e."orgId" = d."orgId" AND e."deviceId" = d."id"
       WHERE d."groupId" = g."id") AS any FROM "Group" g WHERE g."orgId" = '${orgId}'`,
  );
  const emptyGroups = active.filter((g) => !g.any).map((g) => g.id);
  const someGroups = active.filter((g) => g.any).map((g) => g.id);
  const pkgs = ["docker", "nginx", "postgresql", "firefox", "vim", "nodejs", "python3", "git", "htop", "curl"];
  const filters: [string, () => Record<string, string>][] = [
    ["newest (no filter)", () => ({})],
    [
      "time range (a week, 3 months ago)",
      () => {
        const to = Date.now() - (80 + rnd(20)) * day;
        return { from: new Date(to - 7 * day).toISOString(), to: new Date(to).toISOString() };
      },
    ],
    ["user", () => ({ user: `user${rnd(500)}` })],
    ["device", () => ({ device: `00000000-0000-4000-8000-${rnd(DEVICES).toString(16).padStart(12, "0")}` })],
    ["group (100 devices)", () => ({ group: groupIds[rnd(groupIds.length)]! })],
    ["group with events", () => ({ group: someGroups[rnd(someGroups.length)]! })],
    ["group without events", () => ({ group: emptyGroups[rnd(emptyGroups.length)]! })],
    ["event type", () => ({ type: ["execution_completed", "policy_decision", "rollback_performed"][rnd(3)]! })],
    ["outcome (deny)", () => ({ outcome: "deny" })],
    ["outcome (require_mfa) + category", () => ({ outcome: "require_mfa", category: "agent" })],
    ["action", () => ({ action: ["install_package", "modify_firewall", "policy.publish"][rnd(3)]! })],
    ["package", () => ({ package: pkgs[rnd(pkgs.length)]! })],
    ["service", () => ({ service: pkgs[rnd(pkgs.length)]! })],
    ["command text", () => ({ q: ["upgrade and then", "please install fire", "enable the service ng"][rnd(3)]! })],
    ["command text (rare)", () => ({ q: Math.random().toString(16).slice(2, 8) })],
    // every trigram is common, the phrase occurs nowhere (no "please install firefox" is generated)
    ["command text (no match)", () => ({ q: ["please install fire", "Please Install Fire"][rnd(2)]! })],
    [
      "user + type + month",
      () => {
        const to = Date.now() - rnd(300) * day;
        return {
          user: `user${rnd(500)}`,
          type: "policy_decision",
          from: new Date(to - 30 * day).toISOString(),
          to: new Date(to).toISOString(),
        };
      },
    ],
  ];
  const out: Record<string, unknown>[] = [];
  say(`\nbrowse: ${RUNS} runs per filter, 50 per page (first page, then the page after it)`);
  say(`${"filter".padEnd(36)} ${"p50".padStart(7)} ${"p95".padStart(7)} ${"max".padStart(7)} | next page p95`);
  for (const [name, make] of filters) {
    if (name.startsWith("group with") && (name.endsWith("out events") ? emptyGroups : someGroups).length === 0)
      continue;
    await listAuditEvents(ctx, { ...make(), limit: 50 } as never); // warm the plan and the cache
    const first: number[] = [];
    const next: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const q = { ...make(), limit: 50 };
      let t = performance.now();
      const p1 = await listAuditEvents(ctx, q as never);
      first.push(performance.now() - t);
      // the page after the first, or the page from a cursor 1-11 months back when there is none
      const cursor =
        p1.nextCursor ??
        encodeCursor(new Date(Date.now() - (30 + rnd(300)) * day), "ffffffff-ffff-4fff-bfff-ffffffffffff");
      t = performance.now();
      await listAuditEvents(ctx, { ...q, cursor } as never);
      next.push(performance.now() - t);
    }
    const row = {
      filter: name,
      p50: Math.round(percentile(first, 50)),
      p95: Math.round(percentile(first, 95)),
      max: Math.round(Math.max(...first)),
      nextP95: next.length ? Math.round(percentile(next, 95)) : null,
    };
    out.push(row);
    say(
      `${name.padEnd(36)} ${`${row.p50} ms`.padStart(7)} ${`${row.p95} ms`.padStart(7)} ${`${row.max} ms`.padStart(7)} | ${row.nextP95 ?? "-"} ms`,
    );
  }
  results.browse = out;
}

async function exportBench(orgId: string) {
  const user = await prisma.user.create({
    data: { orgId, email: `auditor-${Date.now()}@example.com`, name: "Auditor", role: "auditor" },
  });
  const token = newToken("lnx_pat");
  await prisma.apiToken.create({
    data: { orgId, userId: user.id, name: "bench", tokenHash: hashToken(token), prefix: token.slice(0, 14) },
  });
  const server = await startIngestServer(env);
  const out: Record<string, unknown>[] = [];
  try {
    // ~1M events: the most recent fifth of a 5M trail, or most of the export-only trail.
    const [{ ts }] = await prisma.$queryRawUnsafe<{ ts: Date }[]>(
      `SELECT ts FROM "AuditEvent" WHERE "orgId" = '${orgId}' ORDER BY ts DESC OFFSET ${Math.min(1_000_000, ROWS) - 1} LIMIT 1`,
    );
    for (const format of ["ndjson", "csv"]) {
      const idle = await rssOf(server.proc.pid!);
      let peak = idle;
      const sampler = setInterval(() => {
        rssOf(server.proc.pid!).then(
          (r) => {
            peak = Math.max(peak, r);
          },
          () => {},
        );
      }, 50);
      const started = performance.now();
      const { lines, bytes } = await new Promise<{ lines: number; bytes: number }>((resolve, reject) => {
        http
          .get(
            `http://127.0.0.1:${server.port}/api/v1/audit-events/export?format=${format}&from=${encodeURIComponent(ts.toISOString())}`,
            { headers: { authorization: `Bearer ${token}` } },
            (res) => {
              if (res.statusCode !== 200) reject(new Error(`export answered ${res.statusCode}`));
              let n = 0;
              let b = 0;
              res.on("data", (c: Buffer) => {
                b += c.length;
                for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) n++;
              });
              res.on("end", () => resolve({ lines: n, bytes: b }));
              res.on("error", reject);
            },
          )
          .on("error", reject);
      });
      clearInterval(sampler);
      const seconds = (performance.now() - started) / 1000;
      const events = format === "csv" ? lines - 1 : lines;
      const row = {
        format,
        events,
        mb: Math.round(bytes / 2 ** 20),
        seconds: Number(seconds.toFixed(1)),
        eventsPerSecond: Math.round(events / seconds),
        serverRssIdleMb: Math.round(idle / 2 ** 20),
        serverRssPeakMb: Math.round(peak / 2 ** 20),
      };
      out.push(row);
      say(
        `export ${format}: ${events} events, ${row.mb} MiB in ${row.seconds} s (${row.eventsPerSecond}/s); server RSS ${row.serverRssIdleMb} MiB idle, peak ${row.serverRssPeakMb} MiB`,
      );
    }
  } finally {
    server.proc.kill("SIGTERM");
  }
  results.export = out;
}

try {
  say(
    `machine: ${os.cpus().length} x ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; Node ${process.version}`,
  );
  if (process.env.REUSE_DB) {
    const org = await prisma.org.findFirstOrThrow({ where: { slug: { startsWith: "bench-" } } });
    const groups = await prisma.group.findMany({ where: { orgId: org.id } });
    if (!exportOnly)
      await browse(
        org.id,
        groups.map((g) => g.id),
      );
    if (EXPORT) await exportBench(org.id);
    results.reusedDatabase = true;
    fs.mkdirSync(path.join(root, "bench/results"), { recursive: true });
    const out = path.join(root, `bench/results/audit-${exportOnly ? "export" : "browse"}.json`);
    fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    process.exit(0);
  }
  const org = await prisma.org.create({ data: { name: "Bench", slug: `bench-${Date.now()}` } });
  const groups = await Promise.all(
    Array.from({ length: 20 }, (_, i) => prisma.group.create({ data: { orgId: org.id, name: `g${i}` } })),
  );
  await prisma.$executeRawUnsafe(`
    INSERT INTO "Device" ("id","orgId","hostname","machineId","publicKey","groupId")
    SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(d), 12, '0'))::uuid, '${org.id}', 'ws-' || d, 'm-' || d, 'k',
           (ARRAY[${groups.map((g) => `'${g.id}'::uuid`).join(",")}])[1 + d % 20]
    FROM generate_series(0, ${DEVICES - 1}) d`);
  say(`generating ${ROWS} events...`);
  results.tableSize = await generateEvents(prisma, org.id, { rows: ROWS, devices: DEVICES });
  if (!exportOnly)
    await browse(
      org.id,
      groups.map((g) => g.id),
    );
  if (EXPORT) await exportBench(org.id);
  fs.mkdirSync(path.join(root, "bench/results"), { recursive: true });
  fs.writeFileSync(
    path.join(root, `bench/results/audit-${exportOnly ? "export" : "browse"}.json`),
    `${JSON.stringify(results, null, 2)}\n`,
  );
} finally {
  const { db: consoleDb } = await import("../../apps/console/src/server/db");
  await consoleDb().$disconnect();
  await prisma.$disconnect();
  if (process.env.KEEP_DB === "1") say(`kept database ${db.url}`);
  else await db.drop();
}
