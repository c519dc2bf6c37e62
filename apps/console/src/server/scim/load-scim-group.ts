import { db, type Tx } from "../db";
import type { ScimGroupRow } from "./present";
import type { ScimCtx } from "./scim-context";
import { scimNotFound } from "./scim-error";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The members part of a group row: the accounts SCIM put in it. */
export const MEMBERS_INCLUDE = {
  memberships: {
    where: { source: "scim" },
    select: { user: { select: { id: true, name: true, email: true } } },
    orderBy: { createdAt: "asc" as const },
  },
};

/** A SCIM group of this org (with its members unless `members` is false), or 404. */
export async function loadScimGroup(
  ctx: ScimCtx,
  id: string,
  members = true,
  tx: Tx | ReturnType<typeof db> = db(),
): Promise<ScimGroupRow> {
  const row = UUID.test(id)
    ? await tx.scimGroup.findFirst({
        where: { groupId: id, orgId: ctx.orgId },
        include: { group: { include: members ? MEMBERS_INCLUDE : undefined } },
      })
    : null;
  if (!row) throw scimNotFound("Group", id);
  return row;
}

/** `excludedAttributes=members` (Entra ID asks for it when it only checks a group exists). */
export function wantsMembers(req: Request): boolean {
  const ex = new URL(req.url).searchParams.get("excludedAttributes") ?? "";
  return !ex.split(",").some((a) => a.trim().toLowerCase() === "members");
}
