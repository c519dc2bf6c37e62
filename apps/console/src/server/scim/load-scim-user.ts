import type { Prisma } from "@luminous/db";
import { db, type Tx } from "../db";
import { type ScimUserRow, USER_INCLUDE } from "./present";
import type { ScimCtx } from "./scim-context";
import { scimNotFound } from "./scim-error";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A SCIM user of this org that was not deleted, or 404. */
export async function loadScimUser(
  ctx: ScimCtx,
  id: string,
  tx: Tx | ReturnType<typeof db> = db(),
): Promise<ScimUserRow> {
  const where: Prisma.ScimUserWhereInput = { userId: id, orgId: ctx.orgId, deletedAt: null };
  const row = UUID.test(id) ? await tx.scimUser.findFirst({ where, include: USER_INCLUDE }) : null;
  if (!row) throw scimNotFound("User", id);
  return row;
}
