import type { Prisma } from "@luminous/db";
import { db } from "../db";
import { filterToWhere } from "./filter-to-where";
import { listPage } from "./list-page";
import { parseFilter } from "./parse-filter";
import { presentScimUser, USER_INCLUDE } from "./present";
import type { TListQuery } from "./schemas";
import type { ScimCtx } from "./scim-context";
import { USER_FILTERS } from "./user-filters";

/** GET /Users: the org's SCIM users matching `filter`, one page, oldest first. */
export function listScimUsers(ctx: ScimCtx, q: TListQuery) {
  const filter = q.filter?.trim() ? filterToWhere(parseFilter(q.filter.trim()), USER_FILTERS) : {};
  const where = { AND: [{ orgId: ctx.orgId, deletedAt: null }, filter] } as Prisma.ScimUserWhereInput;
  return listPage(
    q,
    () => db().scimUser.count({ where }),
    (page) =>
      db().scimUser.findMany({
        where,
        include: USER_INCLUDE,
        orderBy: [{ createdAt: "asc" }, { userId: "asc" }],
        ...page,
      }),
    (r) => presentScimUser(ctx, r),
  );
}
