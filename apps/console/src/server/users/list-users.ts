import type { Prisma } from "@luminous/db";
import { db } from "../db";
import type { Ctx } from "../http/guard";
import { presentUser } from "./present";
import type { TListUsers } from "./schemas";

export async function listUsers(ctx: Ctx, q: TListUsers) {
  const where: Prisma.UserWhereInput = {
    orgId: ctx.orgId,
    ...(q.status ? { status: q.status } : {}),
    ...(q.role ? { role: q.role } : {}),
    ...(q.q
      ? {
          OR: [
            { email: { contains: q.q, mode: "insensitive" } },
            { heldEmail: { contains: q.q, mode: "insensitive" } },
            { name: { contains: q.q, mode: "insensitive" } },
          ],
        }
      : {}),
  };
  const [total, rows] = await Promise.all([
    db().user.count({ where }),
    db().user.findMany({
      where,
      orderBy: [{ name: "asc" }, { id: "asc" }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
      include: { memberships: { include: { group: { select: { id: true, name: true } } } } },
    }),
  ]);
  return { items: rows.map(presentUser), total, page: q.page, pageSize: q.pageSize };
}
