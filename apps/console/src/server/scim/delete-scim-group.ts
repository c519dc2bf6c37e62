import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import { checkIfMatch } from "./conditional";
import { loadScimGroup } from "./load-scim-group";
import { resyncUsers } from "./save-scim-group";
import { refuseOwner, scimIdp } from "./scim-access";
import type { ScimCtx } from "./scim-context";

/**
 * DELETE /Groups/{id}: its SCIM members leave it (their roles and status follow, as for a removal),
 * and the console group goes too unless policies or devices use it: then it stays as a local group.
 */
export async function deleteScimGroup(ctx: ScimCtx, req: Request, id: string): Promise<Response> {
  const row = await loadScimGroup(ctx, id);
  checkIfMatch(req, row.version);
  const owner = await db().user.findFirst({
    where: { role: "owner", memberships: { some: { groupId: id, source: "scim" } } },
  });
  if (owner) await refuseOwner(ctx, owner, "group.member.sync");
  await db().$transaction(async (tx) => {
    const members = await tx.membership.findMany({ where: { groupId: id, source: "scim" }, select: { userId: true } });
    await tx.membership.deleteMany({ where: { groupId: id, source: "scim" } });
    await tx.scimGroup.delete({ where: { groupId: id } });
    const inUse =
      (await tx.policyAssignment.count({ where: { orgId: ctx.orgId, groupId: id } })) +
      (await tx.device.count({ where: { orgId: ctx.orgId, groupId: id } }));
    if (inUse) await tx.group.update({ where: { id }, data: { source: "local" } });
    else await tx.group.delete({ where: { id } });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "group.delete",
      outcome: "success",
      target: { type: "group", id, label: row.group.name },
      before: { name: row.group.name, members: members.length },
      data: { via: "scim", keptAsLocalGroup: inUse > 0 },
    });
    await resyncUsers(
      tx,
      ctx,
      await scimIdp(tx, ctx),
      members.map((m) => m.userId),
    );
  });
  return new Response(null, { status: 204 });
}
