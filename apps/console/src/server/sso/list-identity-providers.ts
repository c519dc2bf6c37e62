import { db } from "../db";
import type { Ctx } from "../http/guard";
import { loadOrgIdp } from "./load-identity-provider";
import { presentIdentityProvider } from "./present-identity-provider";

export async function listIdentityProviders(ctx: Ctx) {
  const rows = await db().identityProvider.findMany({
    where: { orgId: ctx.orgId },
    include: { mappings: true },
    orderBy: { name: "asc" },
  });
  return { items: rows.map(presentIdentityProvider) };
}

export async function getIdentityProvider(ctx: Ctx, id: string) {
  const idp = await loadOrgIdp(ctx.orgId, id);
  const mappings = await db().idpGroupMapping.findMany({ where: { idpId: idp.id, orgId: ctx.orgId } });
  return presentIdentityProvider({ ...idp, mappings });
}
