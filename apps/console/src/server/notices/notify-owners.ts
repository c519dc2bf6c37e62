import type { PrismaClient, Tx } from "../db";
import { parseWith } from "../http/respond";
import { type TNoticeInput, ZNoticeInput } from "./schemas";

/**
 * Leaves the same notice for every active Owner of the org (changes to how people sign in, and
 * other things only the people who hold the org must know). Returns how many were told.
 */
export async function notifyOwners(db: PrismaClient | Tx, orgId: string, notice: TNoticeInput): Promise<number> {
  const n = parseWith(ZNoticeInput, notice, "notice");
  const owners = await db.user.findMany({
    where: { orgId, role: "owner", status: "active" },
    select: { id: true },
  });
  if (owners.length === 0) return 0;
  const r = await db.notice.createMany({
    data: owners.map((o) => ({
      orgId,
      userId: o.id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      link: n.link ?? null,
    })),
  });
  return r.count;
}
