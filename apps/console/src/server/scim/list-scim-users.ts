import type { Prisma } from "@luminous/db";
import { db } from "../db";
import { filterToWhere } from "./filter-to-where";
import { parseFilter } from "./parse-filter";
import { listResponse, presentScimUser, USER_INCLUDE } from "./present";
import type { TListQuery } from "./schemas";
import type { ScimCtx } from "./scim-context";
import { USER_FILTERS } from "./user-filters";

export const MAX_PAGE = 200;

/** GET /Users: the org's SCIM users matching `filter`, a page from `startIndex` (1-based). */
export async function listScimUsers(ctx: ScimCtx, q: TListQuery) {
  const filter = q.filter?.trim() ? filterToWhere(parseFilter(q.filter.trim()), USER_FILTERS) : {};
  const where = { AND: [{ orgId: ctx.orgId, deletedAt: null }, filter] } as Prisma.ScimUserWhereInput;
  const startIndex = Math.max(1, q.startIndex);
  const count = Math.min(MAX_PAGE, Math.max(0, q.count));
  const [total, rows] = await Promise.all([
    db().scimUser.count({ where }),
    count === 0
      ? Promise.resolve([])
      : db().scimUser.findMany({
          where,
          include: USER_INCLUDE,
          orderBy: [{ createdAt: "asc" }, { userId: "asc" }],
          skip: startIndex - 1,
          take: count,
        }),
  ]);
  return listResponse(
    rows.map((r) => presentScimUser(ctx, r)),
    total,
    startIndex,
  );
}
