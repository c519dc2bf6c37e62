import type { AuthSource, IdentityProvider, User } from "@luminous/db";
import { type AuditMeta, recordAudit } from "../audit/record-audit";
import type { Tx } from "../db";
import { applyGroupMappings, resolveMappings } from "./apply-group-mappings";
import { SsoFailure } from "./sso-failure";

/** Who the IdP says signed in, after its response was verified. */
export interface SsoIdentity {
  /** NameID, `sub` or the directory DN: stable per IdP. */
  externalId: string;
  email: string;
  name: string;
  groups: string[];
}

const EMAIL = /^[^\s@]+@([^\s@]+\.[^\s@]+)$/;

/**
 * Just-in-time provisioning: finds the user this identity belongs to (by IdP + external id, then
 * by email), or creates them in the IdP's org if the email's domain is one the org claims, then
 * re-applies the group mapping. Never crosses orgs and never signs in a deactivated user.
 */
export async function provisionSsoUser(
  tx: Tx,
  idp: IdentityProvider,
  identity: SsoIdentity,
  meta: AuditMeta,
): Promise<{ user: User; created: boolean }> {
  const email = identity.email.trim().toLowerCase();
  const domain = EMAIL.exec(email)?.[1];
  if (!domain)
    throw new SsoFailure("missing_email", "The identity provider sent no usable email address", identity.externalId);
  const byExternal = identity.externalId
    ? await tx.user.findFirst({ where: { idpId: idp.id, externalId: identity.externalId } })
    : null;
  let user = byExternal ?? (await tx.user.findUnique({ where: { email } }));
  if (user && user.orgId !== idp.orgId)
    throw new SsoFailure("wrong_org", "This account belongs to another organisation", email);
  if (user && user.status !== "active") throw new SsoFailure("deactivated", "This account is deactivated", email);

  const mapped = await resolveMappings(tx, idp, identity.groups);
  let created = false;
  if (!user) {
    const org = await tx.org.findUniqueOrThrow({ where: { id: idp.orgId } });
    if (!org.domains.includes(domain)) {
      throw new SsoFailure(
        "domain_not_allowed",
        `The domain ${domain} is not one of this organisation's domains`,
        email,
      );
    }
    user = await tx.user.create({
      data: {
        orgId: idp.orgId,
        email,
        name: identity.name.trim().slice(0, 120) || email,
        role: mapped.role,
        source: idp.type as AuthSource,
        idpId: idp.id,
        externalId: identity.externalId,
      },
    });
    created = true;
    await recordAudit(tx, idp.orgId, meta, {
      action: "user.provision",
      outcome: "success",
      target: { type: "user", id: user.id, label: email },
      after: { email, name: user.name, role: user.role, source: user.source },
      data: { idp: idp.slug },
    });
  } else if (user.source !== "local") {
    user = await tx.user.update({
      where: { id: user.id },
      data: {
        idpId: idp.id,
        source: idp.type as AuthSource,
        externalId: identity.externalId,
        ...(identity.name.trim() ? { name: identity.name.trim().slice(0, 120) } : {}),
      },
    });
  }
  await applyGroupMappings(tx, idp, user, mapped, meta);
  return { user: await tx.user.findUniqueOrThrow({ where: { id: user.id } }), created };
}
