import { Prisma } from "@luminous/db";
import { db } from "../db";
import { periodParts } from "./period-parts";

/** One (category, type, outcome) count over the period. */
export interface TCountRow {
  category: string;
  type: string;
  outcome: string;
  n: number;
}

type Range = { from: Date; to: Date };
const raw = (e: Range) => Prisma.sql`e."ts" >= ${e.from} AND e."ts" < ${e.to}`;
const union = (parts: Prisma.Sql[]) => (parts.length ? Prisma.join(parts, " UNION ALL ") : null);

/**
 * Every figure comes from the rollups for the period's whole days and hours and from the events
 * themselves for the minutes at its ends (periodParts), so a period that starts at 10:20 counts
 * exactly the events at or after 10:20; each part is bounded plainly on its time column, so
 * Postgres reads only the partitions and rollup rows inside it.
 */
export async function eventCounts(orgId: string, from: Date, to: Date): Promise<TCountRow[]> {
  const all = union(
    periodParts(from, to, {
      day: (r) => Prisma.sql`SELECT r."category", r."type", r."outcome", r."n" FROM "AuditRollupDay" r
        WHERE r."orgId" = ${orgId}::uuid AND r."day" >= ${r.from} AND r."day" < ${r.to}`,
      hour: (r) => Prisma.sql`SELECT r."category", r."type", r."outcome", r."n" FROM "AuditRollupHour" r
        WHERE r."orgId" = ${orgId}::uuid AND r."hour" >= ${r.from} AND r."hour" < ${r.to}`,
      raw: (r) => Prisma.sql`SELECT e."category", e."type", e."outcome", count(*) AS n FROM "AuditEvent" e
        WHERE e."orgId" = ${orgId}::uuid AND ${raw(r)} GROUP BY 1, 2, 3`,
    }),
  );
  if (!all) return [];
  const rows = await db().$queryRaw<{ category: string; type: string; outcome: string; n: bigint }[]>`
    SELECT "category", "type", "outcome", sum("n")::bigint AS n FROM (${all}) x GROUP BY 1, 2, 3`;
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** Agent events of the given types per hour (UTC hour start), for the chart. */
export async function hourlySeries(
  orgId: string,
  from: Date,
  to: Date,
  types: string[],
): Promise<{ hour: Date; type: string; outcome: string; n: number }[]> {
  const all = union(
    periodParts(from, to, {
      hour: (r) => Prisma.sql`SELECT r."hour", r."type", r."outcome", r."n" FROM "AuditRollupHour" r
        WHERE r."orgId" = ${orgId}::uuid AND r."type" = ANY(${types}::text[])
          AND r."hour" >= ${r.from} AND r."hour" < ${r.to} AND r."category" = 'agent'`,
      raw: (r) => Prisma.sql`SELECT date_trunc('hour', e."ts", 'UTC') AS hour, e."type", e."outcome", count(*) AS n
        FROM "AuditEvent" e WHERE e."orgId" = ${orgId}::uuid AND ${raw(r)}
          AND e."category" = 'agent' AND e."type" = ANY(${types}::text[]) GROUP BY 1, 2, 3`,
    }),
  );
  if (!all) return [];
  // One JSON value instead of a row per hour, type and outcome: a 92-day period has ~9,000 of them,
  // and converting each result row cost more than the query itself.
  const [r] = await db().$queryRaw<{ j: string }[]>`
    SELECT coalesce(json_agg(json_build_array(h, "type", "outcome", n) ORDER BY h), '[]')::text AS j FROM (
      SELECT (extract(epoch FROM "hour") * 1000)::bigint AS h, "type", "outcome", sum("n")::bigint AS n
      FROM (${all}) x GROUP BY 1, 2, 3) y`;
  const rows = JSON.parse(r?.j ?? "[]") as [number, string, string, number][];
  return rows.map(([h, type, outcome, n]) => ({ hour: new Date(h), type, outcome, n }));
}

/** Durations carried by agent events (execution.duration_ms), counted per type and two-digit bucket. */
export async function durationBuckets(
  orgId: string,
  from: Date,
  to: Date,
): Promise<{ type: string; value: number; n: number }[]> {
  const all = union(
    periodParts(from, to, {
      day: (r) => Prisma.sql`SELECT r."type", r."bucketMs" AS b, r."n" FROM "AuditRollupDurationDay" r
        WHERE r."orgId" = ${orgId}::uuid AND r."day" >= ${r.from} AND r."day" < ${r.to}`,
      hour: (r) => Prisma.sql`SELECT r."type", r."bucketMs" AS b, r."n" FROM "AuditRollupDuration" r
        WHERE r."orgId" = ${orgId}::uuid AND r."hour" >= ${r.from} AND r."hour" < ${r.to}`,
      raw: (r) => Prisma.sql`SELECT x."type", audit_duration_bucket(x.d) AS b, count(*) AS n FROM (
          SELECT e."type", audit_event_duration_ms(e."data") AS d FROM "AuditEvent" e
          WHERE e."orgId" = ${orgId}::uuid AND ${raw(r)} AND e."category" = 'agent') x
        WHERE x.d IS NOT NULL GROUP BY 1, 2`,
    }),
  );
  if (!all) return [];
  const rows = await db().$queryRaw<{ type: string; b: bigint; n: bigint }[]>`
    SELECT "type", b, sum("n")::bigint AS n FROM (${all}) x GROUP BY 1, 2`;
  return rows.map((r) => ({ type: r.type, value: Number(r.b), n: Number(r.n) }));
}

/** Distinct workstation users with at least one agent event in the period. */
export async function activeUsers(orgId: string, from: Date, to: Date): Promise<number> {
  const all = union(
    periodParts(from, to, {
      day: (r) => Prisma.sql`SELECT u."subject" FROM "AuditRollupUser" u
        WHERE u."orgId" = ${orgId}::uuid AND u."day" >= ${r.from} AND u."day" < ${r.to}`,
      hour: (r) => Prisma.sql`SELECT u."subject" FROM "AuditRollupUserHour" u
        WHERE u."orgId" = ${orgId}::uuid AND u."hour" >= ${r.from} AND u."hour" < ${r.to}`,
      raw: (r) => Prisma.sql`SELECT e."subject" FROM "AuditEvent" e
        WHERE e."orgId" = ${orgId}::uuid AND ${raw(r)} AND e."category" = 'agent' AND e."subject" IS NOT NULL`,
    }),
  );
  if (!all) return 0;
  // GROUP BY rather than count(DISTINCT): a hash aggregate over the tens of thousands of user-days
  // of a long period instead of a sort.
  const [r] = await db().$queryRaw<{ n: bigint }[]>`
    SELECT count(*)::bigint AS n FROM (SELECT "subject" FROM (${all}) x GROUP BY "subject") u`;
  return Number(r?.n ?? 0);
}
