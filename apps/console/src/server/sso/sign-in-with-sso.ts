import type { IdentityLinkIntent, IdentityProvider } from "@luminous/db";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import { env } from "../env";
import { log } from "../log";
import { notifyUser } from "../notices/notify-user";
import { provisionSsoUser, type SsoIdentity } from "./provision-sso-user";
import { recordReceivedGroups } from "./record-received-groups";
import { recordSsoFailure, type SignInMeta, SsoFailure } from "./sso-failure";

/**
 * The last step shared by SAML, OIDC and LDAP once the IdP's answer is verified: provision or
 * update the user, re-apply the mapping, create the Session row (its id goes into the cookie as
 * `sid`, exactly like a password sign-in) and record the sign-in. A refusal is recorded too.
 */
export async function signInWithSso(
  idp: IdentityProvider,
  identity: SsoIdentity,
  meta: SignInMeta,
  intent: IdentityLinkIntent | null = null,
): Promise<{ userId: string; sessionId: string; created: boolean }> {
  await recordReceivedGroups(idp, identity.email || identity.externalId, identity.groups);
  try {
    return await db().$transaction(async (tx) => {
      const auditMeta = {
        actor: { type: "system" as const, label: `idp:${idp.slug}` },
        ip: meta.ip,
        userAgent: meta.userAgent,
        requestId: meta.requestId,
      };
      const { user, created, linkedVia } = await provisionSsoUser(tx, idp, identity, auditMeta, intent);
      await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
      const session = await tx.session.create({
        data: {
          orgId: user.orgId,
          userId: user.id,
          method: idp.type,
          mfa: false,
          ip: meta.ip ?? null,
          userAgent: meta.userAgent?.slice(0, 512) ?? null,
          expiresAt: new Date(Date.now() + env().SESSION_MAX_AGE_SECONDS * 1000),
        },
      });
      await recordAudit(
        tx,
        user.orgId,
        {
          actor: { type: "user", id: user.id, label: user.email },
          ip: meta.ip,
          userAgent: meta.userAgent,
          requestId: meta.requestId,
          sessionId: session.id,
        },
        {
          action: "auth.signin",
          outcome: "success",
          target: { type: "user", id: user.id, label: user.email },
          data: {
            method: idp.type,
            idp: idp.slug,
            provisioned: created,
            linkedVia,
            linked: Boolean(intent),
            role: user.role,
            idpGroups: identity.groups.slice(0, 100),
          },
        },
      );
      return { userId: user.id, sessionId: session.id, created };
    });
  } catch (e) {
    if (e instanceof SsoFailure) {
      await recordSsoFailure(idp, meta, e);
      if (e.accountId) await tellAccountHolder(idp, e.accountId, e);
    }
    throw e;
  }
}

/** Someone reached for this account through an IdP and was refused: its holder should know. */
async function tellAccountHolder(idp: IdentityProvider, userId: string, e: SsoFailure) {
  await notifyUser(db(), idp.orgId, userId, {
    kind: "sso.signin.refused",
    title: `Sign-in to your account through ${idp.name} was refused`,
    body: `${e.message}. If this was not you, tell an Owner: the identity provider or its directory may be misused.`,
    link: "/profile",
  }).catch((err) => log("error", "could not leave a notice", { err: (err as Error).message }));
}
