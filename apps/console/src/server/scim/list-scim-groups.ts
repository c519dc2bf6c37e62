import type { Prisma } from "@luminous/db";
import { db } from "../db";
import { filterToWhere } from "./filter-to-where";
import { GROUP_FILTERS } from "./group-filters";
import { listPage } from "./list-page";
import { MEMBERS_INCLUDE } from "./load-scim-group";
import { parseFilter } from "./parse-filter";
import { presentScimGroup } from "./present";
import type { TListQuery } from "./schemas";
import type { ScimCtx } from "./scim-context";

/** GET /Groups: the org's SCIM groups matching `filter`, one page, oldest first. */
export function listScimGroups(ctx: ScimCtx, q: TListQuery, members: boolean) {
  const filter = q.filter?.trim() ? filterToWhere(parseFilter(q.filter.trim()), GROUP_FILTERS) : {};
  const where = { AND: [{ orgId: ctx.orgId }, filter] } as Prisma.ScimGroupWhereInput;
  return listPage(
    q,
    () => db().scimGroup.count({ where }),
    (page) =>
      db().scimGroup.findMany({
        where,
        include: { group: { include: members ? MEMBERS_INCLUDE : undefined } },
        orderBy: [{ createdAt: "asc" }, { groupId: "asc" }],
        ...page,
      }),
    (r) => presentScimGroup(ctx, r),
  );
}
