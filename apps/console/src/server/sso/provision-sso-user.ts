import type { AuthSource, IdentityLinkIntent, IdentityProvider, User, UserIdentity } from "@luminous/db";
import { type AuditMeta, recordAudit } from "../audit/record-audit";
import { ROLE_RANK } from "../auth/permissions";
import type { Tx } from "../db";
import { applyGroupMappings, resolveMappings } from "./apply-group-mappings";
import { completeIdentityLink } from "./complete-identity-link";
import { linksByVerifiedEmail } from "./idp-config";
import { idpRoleCeiling, roleWithin } from "./idp-trust";
import { SsoFailure } from "./sso-failure";

/** Who the IdP says signed in, after its response was verified. */
export interface SsoIdentity {
  /** NameID, `sub` or the directory DN: stable per IdP. */
  externalId: string;
  email: string;
  name: string;
  groups: string[];
  /**
   * The IdP vouches that the email is this person's (OIDC: `email_verified: true`, or the IdP's
   * "emails are verified" setting; SAML and LDAP assert the email themselves).
   */
  emailVerified: boolean;
}

const EMAIL = /^[^\s@]+@([^\s@]+\.[^\s@]+)$/;

type Linked = UserIdentity & { user: User };

/**
 * Finds the one account this (IdP, subject) is linked to, or creates it (just in time, in the
 * IdP's org, for a verified email of a claimed domain), then re-applies the group mapping.
 * An existing account is reached only through an explicit link: a link the user made after
 * proving the account (`intent`), or the owner-set per-IdP rule that links verified emails of
 * claimed domains for roles below Admin. Owners only through an IdP they linked themselves with
 * a second factor; nobody above what the IdP's last configurer may grant. Never crosses orgs and
 * never signs in a deactivated user.
 */
export async function provisionSsoUser(
  tx: Tx,
  idp: IdentityProvider,
  identity: SsoIdentity,
  meta: AuditMeta,
  intent: IdentityLinkIntent | null = null,
): Promise<{ user: User; created: boolean; linkedVia: string }> {
  const email = identity.email.trim().toLowerCase();
  const subject = identity.externalId.trim();
  const domain = EMAIL.exec(email)?.[1];
  if (!subject) throw new SsoFailure("invalid_response", "The identity provider sent no subject", email);
  if (!domain) throw new SsoFailure("missing_email", "The identity provider sent no usable email address", subject);

  let link: Linked | null = await tx.userIdentity.findUnique({
    where: { idpId_subject: { idpId: idp.id, subject } },
    include: { user: true },
  });
  if (intent) link = await completeIdentityLink(tx, idp, { subject, email }, intent, link, meta);

  // A SCIM-provisioned account's role and groups follow its SCIM groups, not the assertion's.
  const mapped = link?.linkedVia === "scim" ? null : await resolveMappings(tx, idp, identity.groups);
  let created = false;
  if (!link) {
    const existing = await tx.user.findUnique({ where: { email } });
    if (existing && existing.orgId !== idp.orgId)
      throw new SsoFailure("wrong_org", "This account belongs to another organisation", email);
    if (!identity.emailVerified)
      throw new SsoFailure("unverified_email", "The identity provider does not say this email is verified", email);
    if (existing) link = await linkByVerifiedEmail(tx, idp, { subject, email, domain }, existing, meta);
    else {
      link = await provision(tx, idp, { subject, email, domain, name: identity.name }, mapped!.role, meta);
      created = true;
    }
  }

  const user = link.user;
  if (user.orgId !== idp.orgId)
    throw new SsoFailure("wrong_org", "This account belongs to another organisation", email);
  if (user.status !== "active") throw new SsoFailure("deactivated", "This account is deactivated", email);
  if (user.role === "owner" && !(link.linkedVia === "self" && link.mfaAtLink)) {
    throw new SsoFailure(
      "owner_not_linked",
      "An Owner signs in through an identity provider only after linking it to their own account with their password and second factor",
      email,
      user.id,
    );
  }
  const ceiling = idpRoleCeiling(idp);
  const provisioned = link.linkedVia === "provisioned";
  if (!provisioned && !roleWithin(user.role, ceiling)) {
    throw new SsoFailure(
      "role_above_idp_limit",
      `This account's role (${user.role}) is above what this identity provider's last configurer (${idp.configuredByRole ?? "an Admin"}) may grant`,
      email,
      user.id,
    );
  }
  await tx.userIdentity.update({ where: { id: link.id }, data: { lastUsedAt: new Date() } });
  if (provisioned && identity.name.trim() && identity.name.trim() !== user.name) {
    await tx.user.update({ where: { id: user.id }, data: { name: identity.name.trim().slice(0, 120) } });
  }
  if (mapped) await applyGroupMappings(tx, idp, user, mapped, meta, provisioned);
  return { user: await tx.user.findUniqueOrThrow({ where: { id: user.id } }), created, linkedVia: link.linkedVia };
}

async function provision(
  tx: Tx,
  idp: IdentityProvider,
  who: { subject: string; email: string; domain: string; name: string },
  role: User["role"],
  meta: AuditMeta,
): Promise<Linked> {
  const org = await tx.org.findUniqueOrThrow({ where: { id: idp.orgId } });
  if (!org.domains.includes(who.domain)) {
    throw new SsoFailure(
      "domain_not_allowed",
      `The domain ${who.domain} is not one of this organisation's domains`,
      who.email,
    );
  }
  const user = await tx.user.create({
    data: {
      orgId: idp.orgId,
      email: who.email,
      name: who.name.trim().slice(0, 120) || who.email,
      role,
      source: idp.type as AuthSource,
    },
  });
  const link = await newLink(tx, idp, user, who, "provisioned");
  await recordAudit(tx, idp.orgId, meta, {
    action: "user.provision",
    outcome: "success",
    target: { type: "user", id: user.id, label: who.email },
    after: { email: who.email, name: user.name, role: user.role, source: user.source },
    data: { idp: idp.slug, subject: who.subject },
  });
  return { ...link, user };
}

/**
 * The owner-set rule: an existing account of a claimed domain, below Admin, with no identity at
 * this IdP yet, is linked to the identity asserting its verified email. Anything else is refused.
 */
async function linkByVerifiedEmail(
  tx: Tx,
  idp: IdentityProvider,
  who: { subject: string; email: string; domain: string },
  user: User,
  meta: AuditMeta,
): Promise<Linked> {
  const org = await tx.org.findUniqueOrThrow({ where: { id: idp.orgId } });
  const other = await tx.userIdentity.findUnique({ where: { userId_idpId: { userId: user.id, idpId: idp.id } } });
  const scim = await tx.scimUser.findUnique({ where: { userId: user.id }, select: { userId: true } });
  const why = scim
    ? "is provisioned by SCIM: it signs in only through the identity it was provisioned with"
    : other
      ? "is linked to another identity of this identity provider (a new subject for the same email)"
      : !linksByVerifiedEmail(idp)
        ? "is not linked to this identity provider; the account holder links it from their Profile"
        : !org.domains.includes(who.domain)
          ? `is not in one of this organisation's claimed domains (${who.domain})`
          : ROLE_RANK[user.role] >= ROLE_RANK.admin
            ? `has the role ${user.role}: accounts of Admin rank and above are linked only by their holder`
            : null;
  if (why) throw new SsoFailure("account_not_linked", `The existing account ${who.email} ${why}`, who.email, user.id);
  const link = await newLink(tx, idp, user, who, "verified_email");
  await recordAudit(tx, idp.orgId, meta, {
    action: "user.identity.link",
    outcome: "success",
    target: { type: "user", id: user.id, label: user.email },
    after: { idp: idp.slug, subject: who.subject, linkedVia: "verified_email" },
  });
  return { ...link, user };
}

async function newLink(
  tx: Tx,
  idp: IdentityProvider,
  user: User,
  who: { subject: string; email: string },
  linkedVia: "provisioned" | "verified_email",
): Promise<Linked> {
  const link = await tx.userIdentity.create({
    data: { orgId: idp.orgId, userId: user.id, idpId: idp.id, subject: who.subject, linkedVia, emailAtLink: who.email },
  });
  return { ...link, user };
}
