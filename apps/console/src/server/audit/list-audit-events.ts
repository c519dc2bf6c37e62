import type { AuditEvent } from "@luminous/db";
import { z } from "zod";
import { db } from "../db";
import type { Ctx } from "../http/guard";
import { auditWhere, decodeCursor, encodeCursor, type TAuditFilter, ZAuditFilter } from "./audit-filter";

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

async function orderedPage(orgId: string, filter: TAuditFilter, limit: number, after?: { ts: Date; id: string }) {
  return db().$queryRaw<AuditEvent[]>`
    SELECT e.* FROM "AuditEvent" e WHERE ${auditWhere(orgId, filter, after)}
    ORDER BY e."ts" DESC, e."id" DESC LIMIT ${limit}`;
}

/**
 * The same within a time window, walking the time index: a bitmap over a GIN or trigram index
 * for a common value would read the whole window's matches before sorting, while the ordered
 * walk stops at `limit` and, bounded by the window, never reads more than the window's rows.
 */
async function orderedWindow(orgId: string, filter: TAuditFilter, limit: number, after?: { ts: Date; id: string }) {
  const [, rows] = await db().$transaction([
    db().$executeRaw`SET LOCAL enable_bitmapscan = off`,
    db().$queryRaw<AuditEvent[]>`
      SELECT e.* FROM "AuditEvent" e WHERE ${auditWhere(orgId, filter, after)}
      ORDER BY e."ts" DESC, e."id" DESC LIMIT ${limit}`,
  ]);
  return rows;
}

/**
 * One page in (ts desc, id desc) order, after `after`; used by the list and the streamed export.
 * Most filters walk an index in that order and stop at `limit`. A sparse filter (package, service,
 * command text, group) would walk the whole time index when its value is rare or absent, so it
 * looks in widening windows back from the cursor (a day, then four more) in that order, and only then
 * collects the remaining matches through their own index (GIN / device index) and sorts those.
 */
export async function auditPage(
  orgId: string,
  filter: TAuditFilter,
  limit: number,
  after?: { ts: Date; id: string },
): Promise<AuditEvent[]> {
  if (!SPARSE.some((k) => filter[k])) return orderedPage(orgId, filter, limit, after);
  const out: AuditEvent[] = [];
  let cursor = after;
  // Windows reach back from the cursor (or `to`, or now); the first one is open upwards, since
  // events stamped up to a day ahead (clock skew) are allowed.
  let upper = after?.ts ?? (filter.to ? new Date(filter.to) : new Date());
  const lower = filter.from ? new Date(filter.from).getTime() : Number.NEGATIVE_INFINITY;
  // Command text is the exception: its trigram index beats any walk, so the planner decides.
  const walk = filter.q ? orderedPage : orderedWindow;
  for (const span of [DAY, 4 * DAY]) {
    const from = new Date(Math.max(lower, upper.getTime() - span));
    const rows = await walk(orgId, { ...filter, from: from.toISOString() }, limit - out.length, cursor);
    out.push(...rows);
    if (out.length >= limit || from.getTime() <= lower) return out;
    // everything at or after `from` is done: continue strictly before it
    upper = from;
    cursor = { ts: from, id: "00000000-0000-0000-0000-000000000000" };
  }
  const rest = await db().$queryRaw<AuditEvent[]>`
    WITH hits AS MATERIALIZED (
      SELECT e."id", e."ts" FROM "AuditEvent" e WHERE ${auditWhere(orgId, filter, cursor)}
    )
    SELECT e.* FROM "AuditEvent" e
    JOIN (SELECT "id", "ts" FROM hits ORDER BY "ts" DESC, "id" DESC LIMIT ${limit - out.length}) h
      ON e."id" = h."id" AND e."ts" = h."ts"
    WHERE e."orgId" = ${orgId}::uuid
    ORDER BY e."ts" DESC, e."id" DESC`;
  return [...out, ...rest];
}

export async function listAuditEvents(ctx: Ctx, q: TListAuditEvents) {
  const { cursor, limit, ...filter } = q;
  const rows = await auditPage(ctx.orgId, filter, limit + 1, cursor ? decodeCursor(cursor) : undefined);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(presentEvent),
    nextCursor: rows.length > limit && last ? encodeCursor(last.ts, last.id) : null,
  };
}
