import { db } from "../db";

/** What Postgres's column statistics of the audit partitions show (refreshed by ANALYZE). */
export interface TAuditStats {
  /** Sampled commands (most common values and histogram bounds): what rarestPieces chooses on. */
  commands: string[];
  /** Packages and services common enough to be most common elements: no need to ask if they occur. */
  packages: Set<string>;
  services: Set<string>;
}

const TTL = 10 * 60_000;
const EMPTY: TAuditStats = { commands: [], packages: new Set(), services: new Set() };
let cached: { at: number; stats: Promise<TAuditStats> } | null = null;

async function load(): Promise<TAuditStats> {
  try {
    const rows = await db().$queryRaw<{ col: "command" | "packages" | "services"; v: string }[]>`
      SELECT s."attname"::text AS col, v
      FROM pg_stats s
      JOIN pg_class c ON c."relname" = s."tablename"
      JOIN pg_namespace n ON n."oid" = c."relnamespace" AND n."nspname" = s."schemaname"
      JOIN pg_inherits i ON i."inhrelid" = c."oid" AND i."inhparent" = '"AuditEvent"'::regclass,
      unnest(CASE WHEN s."attname" = 'command'
        THEN coalesce(s."most_common_vals"::text::text[], '{}') || coalesce(s."histogram_bounds"::text::text[], '{}')
        ELSE coalesce(s."most_common_elems"::text::text[], '{}') END) AS v
      WHERE s."attname" IN ('command', 'packages', 'services')`;
    const of = (col: string) => rows.filter((r) => r.col === col).map((r) => r.v);
    return { commands: of("command"), packages: new Set(of("packages")), services: new Set(of("services")) };
  } catch {
    return EMPTY;
  }
}

/**
 * The audit table's statistics as hints for the browser's lookups. They only steer how matches
 * are found (which trigrams to read, whether to ask if a package occurs), never what is shown,
 * and a stale hint costs time, not results. Loaded once per process, then renewed in the
 * background every ten minutes (searches meanwhile use the previous ones). Empty before the
 * first ANALYZE.
 */
export async function auditStats(): Promise<TAuditStats> {
  if (!cached) cached = { at: Date.now(), stats: load() };
  else if (Date.now() - cached.at > TTL) {
    const renewed = { at: Date.now(), stats: cached.stats };
    cached = renewed;
    void load().then((stats) => {
      renewed.stats = Promise.resolve(stats);
    });
  }
  return cached.stats;
}
