import type { IdentityLinkIntent, IdentityProvider, User } from "@luminous/db";
import { recordAudit, recordAuditNow } from "../audit/record-audit";
import { verifyPassword } from "../auth/password";
import { hit } from "../auth/rate-limit";
import { consumeSecondFactor } from "../auth/second-factor";
import { db } from "../db";
import { AppError, forbidden } from "../http/errors";
import type { Ctx } from "../http/guard";
import { idpRoleCeiling, roleWithin } from "./idp-trust";
import { LINK_INTENT_TTL_SECONDS } from "./link-intent";
import { loadOrgIdp } from "./load-identity-provider";
import { provisionSsoUser } from "./provision-sso-user";
import type { TStartIdentityLink } from "./schemas";
import { auditLdapRefusal, authenticateLdap } from "./sign-in-with-ldap";
import { SsoFailure } from "./sso-failure";

const field = (path: string, message: string) => new AppError("validation", message, { fields: [{ path, message }] });

export type StartedLink =
  | { linked: true; idp: { type: string; slug: string; name: string } }
  | { linked: false; intentId: string; idp: { type: string; slug: string; name: string }; continueUrl: string | null };

/**
 * The account holder links an IdP identity to their own account: they prove the account now
 * (password; second factor if enrolled, and an Owner must have one), then sign in at the IdP,
 * whose answer completes the link (a directory is asked right here). An IdP whose last
 * configurer may not grant this account's role cannot be linked to it.
 */
export async function startIdentityLink(ctx: Ctx, input: TStartIdentityLink): Promise<StartedLink> {
  await hit(`link:user:${ctx.principal.userId}`, 10, 900);
  const user = await db().user.findFirstOrThrow({ where: { id: ctx.principal.userId, orgId: ctx.orgId } });
  const idp = await loadOrgIdp(ctx.orgId, input.idpId);
  if (!idp.enabled) throw field("idpId", "This identity provider is disabled");
  if (!roleWithin(user.role, idpRoleCeiling(idp))) {
    throw forbidden(
      `${idp.name} was last configured by ${idp.configuredByRole === null ? "an Admin (before this was recorded)" : `a user with the role ${idp.configuredByRole}`}; it cannot sign in an account with the role ${user.role}. An Owner must save its settings first.`,
      "user.identity.link",
    );
  }
  await proveAccount(ctx, user, idp, input);
  const intent = {
    orgId: ctx.orgId,
    userId: user.id,
    idpId: idp.id,
    mfa: Boolean(user.totpEnabledAt),
    expiresAt: new Date(Date.now() + LINK_INTENT_TTL_SECONDS * 1000),
  };
  const view = { type: idp.type, slug: idp.slug, name: idp.name };
  if (idp.type === "ldap") {
    await linkDirectory(ctx, idp, input, {
      ...intent,
      id: crypto.randomUUID(),
      samlRequestId: null,
      createdAt: new Date(),
    });
    return { linked: true, idp: view };
  }
  const row = await db().$transaction(async (tx) => {
    await tx.identityLinkIntent.deleteMany({ where: { userId: user.id } });
    const row = await tx.identityLinkIntent.create({ data: intent });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "user.identity.link.start",
      outcome: "success",
      target: { type: "identity_provider", id: idp.id, label: idp.name },
      data: { secondFactor: intent.mfa },
    });
    return row;
  });
  const continueUrl =
    idp.type === "saml" ? `/api/sso/saml/${encodeURIComponent(idp.spKey)}/start?link=1&next=/profile` : null;
  return { linked: false, intentId: row.id, idp: view, continueUrl };
}

/** Password, then second factor: a wrong one is refused naming the field, and recorded. */
async function proveAccount(ctx: Ctx, user: User, idp: IdentityProvider, input: TStartIdentityLink) {
  const refuse = async (path: string, message: string, why: string) => {
    await recordAuditNow(ctx.orgId, ctx.meta, {
      action: "user.identity.link",
      outcome: "denied",
      target: { type: "identity_provider", id: idp.id, label: idp.name },
      data: { why },
    });
    return field(path, message);
  };
  if (!user.passwordHash || !(await verifyPassword(input.password, user.passwordHash)))
    throw await refuse("password", "Password is not correct", "wrong_password");
  if (user.role === "owner" && !user.totpEnabledAt)
    throw await refuse(
      "code",
      "An Owner links an identity provider only with a second factor: set up two-factor sign-in first",
      "owner_without_second_factor",
    );
  if (user.totpEnabledAt) {
    if (!input.code) throw await refuse("code", "Enter the code from your authenticator app", "second_factor_missing");
    const r = await consumeSecondFactor(user, input.code);
    if (r !== "ok")
      throw await refuse(
        "code",
        r === "reused" ? "This code was already used" : "The code is not correct",
        `second_factor_${r}`,
      );
  }
}

/** A directory answers here and now: its own username and password complete the link. */
async function linkDirectory(ctx: Ctx, idp: IdentityProvider, input: TStartIdentityLink, intent: IdentityLinkIntent) {
  if (!input.username) throw field("username", "Enter your directory username");
  try {
    const identity = await authenticateLdap(idp, { username: input.username, password: input.directoryPassword });
    await db().$transaction((tx) => provisionSsoUser(tx, idp, identity, ctx.meta, intent));
  } catch (e) {
    if (!(e instanceof SsoFailure)) throw e;
    await auditLdapRefusal(idp, ctx.meta, e, input.username);
    const path = ["ldap_bind_failed", "unknown_user", "empty_password"].includes(e.reason)
      ? "directoryPassword"
      : "idpId";
    throw field(path, e.reason === "identity_linked_elsewhere" ? e.message : linkRefusal(e));
  }
}

function linkRefusal(e: SsoFailure): string {
  if (["ldap_bind_failed", "unknown_user", "empty_password"].includes(e.reason))
    return "Directory username or password is not correct";
  if (e.reason === "ldap_unavailable") return "The directory could not be reached; try again later";
  return e.message;
}
