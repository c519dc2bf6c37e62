import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import { checkIfMatch } from "./conditional";
import { loadScimUser } from "./load-scim-user";
import { refuseOwner, scimIdp, syncScimAccess } from "./scim-access";
import type { ScimCtx } from "./scim-context";
import { ScimError } from "./scim-error";

/**
 * DELETE /Users/{id}: the account is deactivated (sessions and API tokens end at once) and leaves
 * its SCIM groups; it is kept, deactivated, for the audit trail, and SCIM no longer shows it.
 */
export async function deleteScimUser(ctx: ScimCtx, req: Request, id: string): Promise<Response> {
  const row = await loadScimUser(ctx, id);
  if (row.user.role === "owner") await refuseOwner(ctx, row.user, "user.scim.delete");
  checkIfMatch(req, row.version);
  await db().$transaction(async (tx) => {
    const gone = await tx.scimUser.updateMany({
      where: { userId: id, version: row.version, deletedAt: null },
      data: { deletedAt: new Date(), version: { increment: 1 } },
    });
    if (gone.count === 0)
      throw new ScimError(412, "The resource changed while this request was applied; read it again");
    const left = await tx.membership.deleteMany({ where: { userId: id, orgId: ctx.orgId, source: "scim" } });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "user.scim.delete",
      outcome: "success",
      target: { type: "user", id, label: row.user.email },
      data: { via: "scim", userName: row.userName, groupsLeft: left.count },
    });
    await syncScimAccess(tx, ctx, await scimIdp(tx, ctx), row.user, { active: false, deleted: true });
  });
  return new Response(null, { status: 204 });
}
