import type { AuditEvent } from "@luminous/db";
import { z } from "zod";
import { db } from "../db";
import type { Ctx } from "../http/guard";
import { auditWhere, decodeCursor, encodeCursor, ZAuditFilter } from "./audit-filter";

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
    serverSeq: Number(e.serverSeq),
    serverHash: e.serverHash,
  };
}
export type TAuditEventView = ReturnType<typeof presentEvent>;

/** One page in (ts desc, id desc) order, after `after`; used by the list and by the streamed export. */
export async function auditPage(
  orgId: string,
  filter: z.infer<typeof ZAuditFilter>,
  limit: number,
  after?: { ts: Date; id: string },
): Promise<AuditEvent[]> {
  return db().$queryRaw<AuditEvent[]>`
    SELECT e.* FROM "AuditEvent" e WHERE ${auditWhere(orgId, filter, after)}
    ORDER BY e."ts" DESC, e."id" DESC LIMIT ${limit}`;
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
