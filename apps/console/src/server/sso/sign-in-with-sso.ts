import type { IdentityProvider } from "@luminous/db";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import { env } from "../env";
import { provisionSsoUser, type SsoIdentity } from "./provision-sso-user";
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
): Promise<{ userId: string; sessionId: string; created: boolean }> {
  try {
    return await db().$transaction(async (tx) => {
      const auditMeta = {
        actor: { type: "system" as const, label: `idp:${idp.slug}` },
        ip: meta.ip,
        userAgent: meta.userAgent,
        requestId: meta.requestId,
      };
      const { user, created } = await provisionSsoUser(tx, idp, identity, auditMeta);
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
            role: user.role,
            idpGroups: identity.groups.slice(0, 100),
          },
        },
      );
      return { userId: user.id, sessionId: session.id, created };
    });
  } catch (e) {
    if (e instanceof SsoFailure) await recordSsoFailure(idp, meta, e);
    throw e;
  }
}
