import type { PrismaClient, Tx } from "../db";
import { parseWith } from "../http/respond";
import { type TNoticeInput, ZNoticeInput } from "./schemas";

/**
 * Leaves a notice for one user of the org. Pass the caller's transaction to have the notice
 * commit (or roll back) with the change it reports. A user outside the org gets nothing.
 */
export async function notifyUser(
  db: PrismaClient | Tx,
  orgId: string,
  userId: string,
  notice: TNoticeInput,
): Promise<{ id: string } | null> {
  const n = parseWith(ZNoticeInput, notice, "notice");
  const user = await db.user.findFirst({ where: { id: userId, orgId }, select: { id: true } });
  if (!user) return null;
  return db.notice.create({
    data: { orgId, userId, kind: n.kind, title: n.title, body: n.body, link: n.link ?? null },
    select: { id: true },
  });
}
