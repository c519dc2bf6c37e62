import { recordAudit } from "../audit/record-audit";
import { can } from "../auth/permissions";
import { db } from "../db";
import { AppError, forbidden } from "../http/errors";
import type { Ctx } from "../http/guard";
import { getScimSettings } from "./get-scim-settings";
import type { TSaveScimSettings } from "./settings-schemas";

/**
 * Which IdP SCIM users sign in through, and which SCIM attribute is the subject it asserts. This
 * decides which identity reaches which account, so it is a linking rule: Owner only (idp.configure).
 */
export async function saveScimSettings(ctx: Ctx, input: TSaveScimSettings) {
  if (!can(ctx.principal.role, "idp.configure")) {
    throw forbidden("Linking SCIM to an identity provider is an Owner's action", "idp.configure");
  }
  const idp = await db().identityProvider.findFirst({ where: { id: input.idpId, orgId: ctx.orgId } });
  if (!idp) {
    throw new AppError("validation", "Unknown identity provider", {
      fields: [{ path: "idpId", message: "not an identity provider of this organisation" }],
    });
  }
  await db().$transaction(async (tx) => {
    const before = await tx.scimConfig.findUnique({ where: { orgId: ctx.orgId } });
    await tx.scimConfig.upsert({
      where: { orgId: ctx.orgId },
      create: { orgId: ctx.orgId, idpId: idp.id, subjectAttribute: input.subjectAttribute },
      update: { idpId: idp.id, subjectAttribute: input.subjectAttribute },
    });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "scim.settings.update",
      outcome: "success",
      target: { type: "scim", label: idp.name },
      before: before ? { idpId: before.idpId, subjectAttribute: before.subjectAttribute } : null,
      after: { idpId: idp.id, subjectAttribute: input.subjectAttribute },
    });
  });
  return getScimSettings(ctx);
}
