import type { Prisma } from "@luminous/db";
import { db } from "../db";
import type { Ctx } from "../http/guard";
import { presentGroup } from "./present";
import type { TListGroups } from "./schemas";

export async function listGroups(ctx: Ctx, q: TListGroups) {
  const where: Prisma.GroupWhereInput = {
    orgId: ctx.orgId,
    ...(q.q ? { name: { contains: q.q, mode: "insensitive" } } : {}),
  };
  const [total, rows] = await Promise.all([
    db().group.count({ where }),
    db().group.findMany({
      where,
      orderBy: [{ name: "asc" }, { id: "asc" }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
      include: { _count: { select: { memberships: true } } },
    }),
  ]);
  return { items: rows.map(presentGroup), total, page: q.page, pageSize: q.pageSize };
}
