import { db } from "../db";
import { env } from "../env";
import type { Ctx } from "../http/guard";
import { SCIM_BASE_PATH } from "./scim-context";

/** Settings > SCIM provisioning: endpoint, linked IdP, the token's prefix and last use (never the token). */
export async function getScimSettings(ctx: Ctx) {
  const [config, idps, users, groups] = await Promise.all([
    db().scimConfig.findUnique({
      where: { orgId: ctx.orgId },
      include: { idp: { select: { name: true, type: true } } },
    }),
    db().identityProvider.findMany({
      where: { orgId: ctx.orgId },
      select: { id: true, name: true, type: true },
      orderBy: { name: "asc" },
    }),
    db().scimUser.count({ where: { orgId: ctx.orgId, deletedAt: null } }),
    db().scimGroup.count({ where: { orgId: ctx.orgId } }),
  ]);
  return {
    endpoint: `${env().PUBLIC_URL.replace(/\/$/, "")}${SCIM_BASE_PATH}`,
    idpId: config?.idpId ?? null,
    idpName: config?.idp.name ?? null,
    subjectAttribute: config?.subjectAttribute ?? "userName",
    token: config?.tokenHash
      ? {
          prefix: config.tokenPrefix,
          createdAt: config.tokenCreatedAt?.toISOString() ?? null,
          lastUsedAt: config.tokenLastUsedAt?.toISOString() ?? null,
        }
      : null,
    provisioned: { users, groups },
    identityProviders: idps,
  };
}
