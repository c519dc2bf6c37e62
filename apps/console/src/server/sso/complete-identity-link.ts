import type { IdentityLinkIntent, IdentityProvider, User, UserIdentity } from "@luminous/db";
import { type AuditMeta, recordAudit } from "../audit/record-audit";
import type { Tx } from "../db";
import { SsoFailure } from "./sso-failure";

/**
 * The IdP has answered a link the account holder asked for after proving their account: bind
 * this (IdP, subject) to that account. An identity already linked to someone else stays theirs.
 * The request is used once.
 */
export async function completeIdentityLink(
  tx: Tx,
  idp: IdentityProvider,
  who: { subject: string; email: string },
  intent: IdentityLinkIntent,
  existing: (UserIdentity & { user: User }) | null,
  meta: AuditMeta,
): Promise<UserIdentity & { user: User }> {
  await tx.identityLinkIntent.deleteMany({ where: { id: intent.id } });
  if (intent.idpId !== idp.id || intent.orgId !== idp.orgId || intent.expiresAt.getTime() < Date.now())
    throw new SsoFailure("link_invalid", "The link request expired or was for another identity provider", who.email);
  const user = await tx.user.findFirst({ where: { id: intent.userId, orgId: idp.orgId, status: "active" } });
  if (!user) throw new SsoFailure("link_invalid", "The account asking for the link is not active", who.email);
  if (existing && existing.userId !== user.id) {
    throw new SsoFailure(
      "identity_linked_elsewhere",
      `This ${idp.name} identity is already linked to another account`,
      who.email,
      user.id,
    );
  }
  const previous =
    existing ?? (await tx.userIdentity.findUnique({ where: { userId_idpId: { userId: user.id, idpId: idp.id } } }));
  const data = { subject: who.subject, linkedVia: "self", mfaAtLink: intent.mfa, emailAtLink: who.email };
  const link = previous
    ? await tx.userIdentity.update({ where: { id: previous.id }, data })
    : await tx.userIdentity.create({ data: { ...data, orgId: idp.orgId, userId: user.id, idpId: idp.id } });
  await recordAudit(
    tx,
    idp.orgId,
    { ...meta, actor: { type: "user", id: user.id, label: user.email } },
    {
      action: "user.identity.link",
      outcome: "success",
      target: { type: "user", id: user.id, label: user.email },
      before: previous ? { idp: idp.slug, subject: previous.subject, linkedVia: previous.linkedVia } : undefined,
      after: { idp: idp.slug, subject: who.subject, linkedVia: "self", secondFactor: intent.mfa },
    },
  );
  return { ...link, user };
}
