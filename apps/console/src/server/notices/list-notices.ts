import type { z } from "zod";
import { db } from "../db";
import type { Ctx } from "../http/guard";
import type { ZListNotices } from "./schemas";

export interface NoticeView {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

/** The signed-in user's own notices, newest first, with the unread count the console frame shows. */
export async function listNotices(ctx: Ctx, q: z.infer<typeof ZListNotices>) {
  const where = { orgId: ctx.orgId, userId: ctx.principal.userId };
  const [rows, unread] = await Promise.all([
    db().notice.findMany({
      where: q.unread === "true" ? { ...where, readAt: null } : where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: q.limit,
    }),
    countUnreadNotices(ctx.orgId, ctx.principal.userId),
  ]);
  const items: NoticeView[] = rows.map((n) => ({
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    link: n.link,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
  }));
  return { items, unread };
}

export function countUnreadNotices(orgId: string, userId: string): Promise<number> {
  return db().notice.count({ where: { orgId, userId, readAt: null } });
}
