import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import { AppError } from "../http/errors";
import type { Ctx } from "../http/guard";
import { requireStepUp } from "../step-up/require-step-up";
import { loadOrgIdp } from "./load-identity-provider";
import type { TSaveGroupMappings } from "./schemas";

function present(
  m: { id: string; idpGroup: string; groupId: string | null; role: string | null },
  groups: Map<string, string>,
) {
  return {
    id: m.id,
    idpGroup: m.idpGroup,
    groupId: m.groupId,
    groupName: m.groupId ? (groups.get(m.groupId) ?? null) : null,
    role: m.role,
  };
}

export async function listGroupMappings(ctx: Ctx, idpId: string) {
  const idp = await loadOrgIdp(ctx.orgId, idpId);
  const [rows, groups] = await Promise.all([
    db().idpGroupMapping.findMany({ where: { idpId: idp.id, orgId: ctx.orgId }, orderBy: { idpGroup: "asc" } }),
    db().group.findMany({ where: { orgId: ctx.orgId }, select: { id: true, name: true } }),
  ]);
  const names = new Map(groups.map((g) => [g.id, g.name]));
  return { items: rows.map((m) => present(m, names)) };
}

/**
 * Replaces the IdP's mapping table as a whole (what the admin sees is what is stored). Takes
 * effect at each user's next sign-in or directory sync.
 */
export async function saveGroupMappings(ctx: Ctx, idpId: string, input: TSaveGroupMappings) {
  const idp = await loadOrgIdp(ctx.orgId, idpId);
  await requireStepUp(ctx, "idp.mappings.update");
  const seen = new Set<string>();
  input.mappings.forEach((m, i) => {
    const k = m.idpGroup.toLowerCase();
    if (seen.has(k)) {
      throw new AppError("validation", `The IdP group ${m.idpGroup} is mapped twice`, {
        fields: [{ path: `mappings.${i}.idpGroup`, message: "Mapped twice" }],
      });
    }
    seen.add(k);
  });
  const groupIds = [...new Set(input.mappings.map((m) => m.groupId).filter((g): g is string => Boolean(g)))];
  const groups = await db().group.findMany({
    where: { orgId: ctx.orgId, id: { in: groupIds } },
    select: { id: true, name: true },
  });
  const known = new Map(groups.map((g) => [g.id, g.name]));
  input.mappings.forEach((m, i) => {
    if (m.groupId && !known.has(m.groupId)) {
      throw new AppError("validation", "Unknown console group", {
        fields: [{ path: `mappings.${i}.groupId`, message: "No such group in this organisation" }],
      });
    }
  });
  const before = await db().idpGroupMapping.findMany({ where: { idpId: idp.id, orgId: ctx.orgId } });
  await db().$transaction(async (tx) => {
    await tx.idpGroupMapping.deleteMany({ where: { idpId: idp.id, orgId: ctx.orgId } });
    if (input.mappings.length) {
      await tx.idpGroupMapping.createMany({
        data: input.mappings.map((m) => ({
          orgId: ctx.orgId,
          idpId: idp.id,
          idpGroup: m.idpGroup,
          groupId: m.groupId ?? null,
          role: m.role ?? null,
        })),
      });
    }
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "idp.mappings.update",
      outcome: "success",
      target: { type: "identity_provider", id: idp.id, label: idp.name },
      before: before.map((m) => ({ idpGroup: m.idpGroup, groupId: m.groupId, role: m.role })),
      after: input.mappings.map((m) => ({ idpGroup: m.idpGroup, groupId: m.groupId ?? null, role: m.role ?? null })),
    });
  });
  return listGroupMappings(ctx, idp.id);
}
