import { db } from "../db";
import { notFound } from "../http/errors";
import type { Ctx } from "../http/guard";

/** Another org's id is "not found", never "forbidden": existence does not leak. */
export async function loadGroup(ctx: Ctx, id: string) {
  const g = /^[0-9a-f-]{36}$/i.test(id)
    ? await db().group.findFirst({
        where: { id, orgId: ctx.orgId },
        include: { _count: { select: { memberships: true } } },
      })
    : null;
  if (!g) throw notFound("Group");
  return g;
}
