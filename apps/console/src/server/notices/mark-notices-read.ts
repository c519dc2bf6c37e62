import { db } from "../db";
import type { Ctx } from "../http/guard";
import { countUnreadNotices } from "./list-notices";
import type { TMarkNoticesRead } from "./schemas";

/** Marks the caller's own notices read (the ids given, or all); others' notices are never touched. */
export async function markNoticesRead(ctx: Ctx, input: TMarkNoticesRead) {
  const where = {
    orgId: ctx.orgId,
    userId: ctx.principal.userId,
    readAt: null,
    ...("ids" in input ? { id: { in: input.ids } } : {}),
  };
  const r = await db().notice.updateMany({ where, data: { readAt: new Date() } });
  return { marked: r.count, unread: await countUnreadNotices(ctx.orgId, ctx.principal.userId) };
}
