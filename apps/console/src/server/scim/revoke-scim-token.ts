import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import type { Ctx } from "../http/guard";

/** Revokes the org's SCIM token: the IdP's next request is refused (401). Provisioned users stay. */
export async function revokeScimToken(ctx: Ctx): Promise<void> {
  await db().$transaction(async (tx) => {
    const before = await tx.scimConfig.findUnique({ where: { orgId: ctx.orgId } });
    if (!before?.tokenHash) return;
    await tx.scimConfig.update({ where: { orgId: ctx.orgId }, data: { tokenHash: null, tokenLastUsedAt: null } });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "scim.token.revoke",
      outcome: "success",
      target: { type: "scim_token", label: before.tokenPrefix },
    });
  });
}
