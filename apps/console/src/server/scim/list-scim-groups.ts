import type { Prisma } from "@luminous/db";
import { db } from "../db";
import { filterToWhere } from "./filter-to-where";
import { GROUP_FILTERS } from "./group-filters";
import { MAX_PAGE } from "./list-scim-users";
import { MEMBERS_INCLUDE } from "./load-scim-group";
import { parseFilter } from "./parse-filter";
import { listResponse, presentScimGroup } from "./present";
import type { TListQuery } from "./schemas";
import type { ScimCtx } from "./scim-context";

/** GET /Groups: the org's SCIM groups matching `filter`, a page from `startIndex` (1-based). */
export async function listScimGroups(ctx: ScimCtx, q: TListQuery, members: boolean) {
  const filter = q.filter?.trim() ? filterToWhere(parseFilter(q.filter.trim()), GROUP_FILTERS) : {};
  const where = { AND: [{ orgId: ctx.orgId }, filter] } as Prisma.ScimGroupWhereInput;
  const startIndex = Math.max(1, q.startIndex);
  const count = Math.min(MAX_PAGE, Math.max(0, q.count));
  const [total, rows] = await Promise.all([
    db().scimGroup.count({ where }),
    count === 0
      ? Promise.resolve([])
      : db().scimGroup.findMany({
          where,
          include: { group: { include: members ? MEMBERS_INCLUDE : undefined } },
          orderBy: [{ createdAt: "asc" }, { groupId: "asc" }],
          skip: startIndex - 1,
          take: count,
        }),
  ]);
  return listResponse(
    rows.map((r) => presentScimGroup(ctx, r)),
    total,
    startIndex,
  );
}
