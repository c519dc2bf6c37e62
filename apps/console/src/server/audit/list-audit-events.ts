import type { AuditEvent } from "@luminous/db";
import { z } from "zod";
import { db, type Tx } from "../db";
import type { Ctx } from "../http/guard";
import {
  auditWhere,
  checkRange,
  decodeCursor,
  encodeCursor,
  type TAuditFilter,
  type TAuditLookups,
  ZAuditFilter,
} from "./audit-filter";
import { resolveAuditLookups } from "./resolve-audit-lookups";

export const ZListAuditEvents = ZAuditFilter.extend({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type TListAuditEvents = z.infer<typeof ZListAuditEvents>;

/** Every stored field; agent events also carry what the device signed (decision, approval, execution...). */
export function presentEvent(e: AuditEvent) {
  const event = (e.data as { event?: Record<string, unknown> } | null)?.event;
  return {
    id: e.id,
    ts: e.ts.toISOString(),
    receivedAt: e.receivedAt.toISOString(),
    category: e.category,
    type: e.type,
    action: e.action,
    outcome: e.outcome,
    actor: { type: e.actorType, id: e.actorId, label: e.actorLabel },
    target: e.targetType ? { type: e.targetType, id: e.targetId, label: e.targetLabel } : null,
    before: e.before,
    after: e.after,
    ip: e.ip,
    userAgent: e.userAgent,
    sessionId: e.sessionId,
    requestId: e.requestId,
    deviceId: e.deviceId,
    seq: e.seq === null ? null : Number(e.seq),
    subject: e.subject,
    command: e.command,
    packages: e.packages,
    services: e.services,
    decision: event?.decision ?? null,
    approval: event?.approval ?? null,
    execution: event?.execution ?? null,
    state: event?.state ?? null,
    error: event?.error ?? null,
    /** The event time exactly as the device stamped it (with its offset). */
    deviceTs: typeof event?.ts === "string" ? event.ts : null,
    data: e.data,
    prevHash: e.prevHash,
    hash: e.hash,
    /** Where it is linked: its lane of the org chain and its position there. */
    lane: e.lane,
    serverSeq: Number(e.serverSeq),
    serverHash: e.serverHash,
  };
}
export type TAuditEventView = ReturnType<typeof presentEvent>;

/** Filters without an ordered (orgId, x, ts, id) index: their matches may be anywhere in time, or nowhere. */
const SPARSE = ["package", "service", "q", "group", "actor"] as const;
const DAY = 86_400_000;

/** The newest `limit` rows matching, after `after`. */
function newest(
  client: Tx,
  orgId: string,
  filter: TAuditFilter,
  limit: number,
  after?: { ts: Date; id: string },
  lookups?: TAuditLookups,
) {
  return client.$queryRaw<AuditEvent[]>`
    SELECT e.* FROM "AuditEvent" e WHERE ${auditWhere(orgId, filter, after, lookups)}
    ORDER BY e."ts" DESC, e."id" DESC LIMIT ${limit}`;
}

/**
 * Runs a query with planner settings of its own (SET LOCAL, in a transaction). The transaction
 * may take as long as the query: Prisma's default of 5 s would turn a slow page (an export's, or
 * a phrase whose every trigram is common) into an error.
 */
async function withSettings<T>(settings: string[], query: (client: Tx) => Promise<T>): Promise<T> {
  if (settings.length === 0) return query(db());
  return db().$transaction(
    async (tx) => {
      for (const s of settings) await tx.$executeRawUnsafe(s);
      return query(tx);
    },
    { timeout: 30 * 60_000 },
  );
}

/**
 * A window walks the time index: over a GIN or trigram index, a common value's bitmap would hold
 * the window's every match before sorting, while the walk stops at `limit`.
 */
const WALK = ["SET LOCAL enable_bitmapscan = off"];
/**
 * Collecting matches over a year of partitions is estimated expensive enough for JIT, and
 * compiling the plan then takes longer (100+ ms) than running it.
 */
const COLLECT = ["SET LOCAL jit = off"];

/**
 * One page in (ts desc, id desc) order, after `after`; used by the list and the streamed export.
 * Most filters walk an index in that order and stop at `limit`. A sparse filter (package, service,
 * command text, group, actor) would walk the whole time index when its value is rare or absent, so
 * it first looks up what it can (resolveAuditLookups: the group's devices and members with events,
 * whether a package or service occurs at all, the few trigrams of a phrase worth reading; when
 * nothing can match, the page is empty at once), then looks in widening windows back from the
 * cursor (a day, then four more), and only then collects the remaining matches through their own
 * index (GIN, trigram or device index) and sorts those.
 */
export async function auditPage(
  orgId: string,
  filter: TAuditFilter,
  limit: number,
  after?: { ts: Date; id: string },
): Promise<AuditEvent[]> {
  if (!SPARSE.some((k) => filter[k])) return newest(db(), orgId, filter, limit, after);
  const lookups = await resolveAuditLookups(orgId, filter, after);
  if (!lookups) return [];
  // Command text gets pieces only when the statistics show it rare: it is collected at once.
  const { commandPieces: pieces, ...inWindows } = lookups;
  const out: AuditEvent[] = [];
  let cursor = after;
  // Windows reach back from the cursor (or `to`, or now); the first one is open upwards, since
  // events stamped up to a day ahead (clock skew) are allowed. They walk the time index, except
  // for command text: its trigram index can beat any walk, so the planner decides, in one window
  // of five days (a window that picks the index reads the newest partition's posting lists whole;
  // a second one would read them again), or in none for a phrase the statistics show to be rare
  // (it is looked up through its rarest pieces instead).
  let upper = after?.ts ?? (filter.to ? new Date(filter.to) : new Date());
  const lower = filter.from ? new Date(filter.from).getTime() : Number.NEGATIVE_INFINITY;
  for (const span of pieces ? [] : filter.q ? [5 * DAY] : [DAY, 4 * DAY]) {
    const from = new Date(Math.max(lower, upper.getTime() - span));
    const window = { ...filter, from: from.toISOString() };
    const rows = await withSettings(filter.q ? [] : WALK, (client) =>
      newest(client, orgId, window, limit - out.length, cursor, inWindows),
    );
    out.push(...rows);
    if (out.length >= limit || from.getTime() <= lower) return out;
    // everything at or after `from` is done: continue strictly before it
    upper = from;
    cursor = { ts: from, id: "00000000-0000-0000-0000-000000000000" };
  }
  const rest = await withSettings(
    COLLECT,
    (client) => client.$queryRaw<AuditEvent[]>`
    WITH hits AS MATERIALIZED (
      SELECT e."id", e."ts" FROM "AuditEvent" e WHERE ${auditWhere(orgId, filter, cursor, lookups)}
    )
    SELECT e.* FROM "AuditEvent" e
    JOIN (SELECT "id", "ts" FROM hits ORDER BY "ts" DESC, "id" DESC LIMIT ${limit - out.length}) h
      ON e."id" = h."id" AND e."ts" = h."ts"
    WHERE e."orgId" = ${orgId}::uuid
    ORDER BY e."ts" DESC, e."id" DESC`,
  );
  return [...out, ...rest];
}

export async function listAuditEvents(ctx: Ctx, q: TListAuditEvents) {
  const { cursor, limit, ...filter } = q;
  checkRange(filter);
  const rows = await auditPage(ctx.orgId, filter, limit + 1, cursor ? decodeCursor(cursor) : undefined);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(presentEvent),
    nextCursor: rows.length > limit && last ? encodeCursor(last.ts, last.id) : null,
  };
}
