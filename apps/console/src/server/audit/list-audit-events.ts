import type { Prisma } from "@luminous/db";
import { z } from "zod";
import { db } from "../db";
import { AppError } from "../http/errors";
import type { Ctx } from "../http/guard";

export const ZListAuditEvents = z.object({
  category: z.enum(["admin", "agent", "integrity"]).optional(),
  outcome: z.string().trim().max(40).optional(),
  action: z.string().trim().max(120).optional(),
  actor: z.string().trim().max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type TListAuditEvents = z.infer<typeof ZListAuditEvents>;

/** Keyset cursor over (ts desc, id desc): stable while new events arrive. */
function decodeCursor(c: string): { ts: Date; id: string } {
  try {
    const [ts, id] = Buffer.from(c, "base64url").toString("utf8").split("|");
    const d = new Date(ts ?? "");
    if (Number.isNaN(d.getTime()) || !id || !/^[0-9a-f-]{36}$/i.test(id)) throw new Error();
    return { ts: d, id };
  } catch {
    throw new AppError("validation", "Invalid cursor", { fields: [{ path: "cursor", message: "Invalid cursor" }] });
  }
}
const encodeCursor = (ts: Date, id: string) => Buffer.from(`${ts.toISOString()}|${id}`).toString("base64url");

export function presentEvent(e: Prisma.AuditEventGetPayload<object>) {
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
    data: e.data,
    hash: e.hash,
    serverSeq: Number(e.serverSeq),
  };
}
export type TAuditEventView = ReturnType<typeof presentEvent>;

export async function listAuditEvents(ctx: Ctx, q: TListAuditEvents) {
  const and: Prisma.AuditEventWhereInput[] = [{ orgId: ctx.orgId }];
  if (q.category) and.push({ category: q.category });
  if (q.outcome) and.push({ outcome: q.outcome });
  if (q.action) and.push({ action: { startsWith: q.action } });
  if (q.actor) and.push({ actorLabel: { contains: q.actor, mode: "insensitive" } });
  if (q.from) and.push({ ts: { gte: new Date(q.from) } });
  if (q.to) and.push({ ts: { lt: new Date(q.to) } });
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    and.push({ OR: [{ ts: { lt: c.ts } }, { ts: c.ts, id: { lt: c.id } }] });
  }
  const rows = await db().auditEvent.findMany({
    where: { AND: and },
    orderBy: [{ ts: "desc" }, { id: "desc" }],
    take: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(presentEvent),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.ts, last.id) : null,
  };
}
