import { db } from "../db";
import type { Ctx } from "../http/guard";
import { idpRoleCeiling, roleWithin } from "./idp-trust";

/** The signed-in user's linked identities, and which of the org's IdPs they may link. */
export async function listMyIdentities(ctx: Ctx) {
  const user = await db().user.findFirstOrThrow({ where: { id: ctx.principal.userId, orgId: ctx.orgId } });
  const [links, idps] = await Promise.all([
    db().userIdentity.findMany({
      where: { orgId: ctx.orgId, userId: user.id },
      include: { idp: { select: { name: true, type: true } } },
      orderBy: { createdAt: "asc" },
    }),
    db().identityProvider.findMany({ where: { orgId: ctx.orgId, enabled: true }, orderBy: { name: "asc" } }),
  ]);
  return {
    identities: links.map((l) => ({
      idpId: l.idpId,
      idpName: l.idp.name,
      type: l.idp.type,
      subject: l.subject,
      linkedVia: l.linkedVia,
      secondFactorAtLink: l.mfaAtLink,
      createdAt: l.createdAt.toISOString(),
      lastUsedAt: l.lastUsedAt?.toISOString() ?? null,
    })),
    providers: idps.map((i) => {
      const allowed = roleWithin(user.role, idpRoleCeiling(i));
      return {
        id: i.id,
        name: i.name,
        type: i.type,
        allowed,
        reason: allowed ? null : `Configured by ${i.configuredByRole ?? "an Admin"}: it cannot sign in a ${user.role}`,
      };
    }),
    hasPassword: Boolean(user.passwordHash),
    secondFactor: Boolean(user.totpEnabledAt),
    secondFactorRequired: user.role === "owner" || Boolean(user.totpEnabledAt),
  };
}
