import { recordAudit } from "../audit/record-audit";
import { can } from "../auth/permissions";
import { db } from "../db";
import { AppError, forbidden } from "../http/errors";
import type { Ctx } from "../http/guard";
import type { TSsoSettings } from "./schemas";
import { tellOwnersAboutSignIn } from "./tell-owners";

const field = (path: string, message: string) => new AppError("validation", message, { fields: [{ path, message }] });

export async function getSsoSettings(ctx: Ctx) {
  const org = await db().org.findUniqueOrThrow({ where: { id: ctx.orgId } });
  const owners = await db().user.findMany({
    where: { orgId: ctx.orgId, role: "owner", status: "active" },
    select: { id: true, email: true, name: true, passwordHash: true },
    orderBy: { email: "asc" },
  });
  return {
    domains: org.domains,
    ssoEnforced: org.ssoEnforced,
    breakGlassUserId: org.breakGlassUserId,
    breakGlassCandidates: owners.filter((o) => o.passwordHash).map(({ passwordHash: _p, ...o }) => o),
  };
}

/**
 * Email domains route sign-in to this org's IdPs and allow just-in-time provisioning, so a domain
 * belongs to one org only. Enforcing SSO turns off password sign-in for everyone except one
 * break-glass owner (who must have a password), and needs an enabled IdP to sign in through.
 */
export async function updateSsoSettings(ctx: Ctx, input: TSsoSettings) {
  const org = await db().org.findUniqueOrThrow({ where: { id: ctx.orgId } });
  const domains = [...new Set(input.domains)];
  const sameDomains = domains.length === org.domains.length && domains.every((d) => org.domains.includes(d));
  const relaxes = org.ssoEnforced && !input.ssoEnforced;
  const breakGlassChanged = (input.breakGlassUserId ?? null) !== (org.breakGlassUserId ?? null);
  // Only turning enforcement on is open to Admins; the rest decides who signs in how.
  if ((relaxes || !sameDomains || breakGlassChanged) && !can(ctx.principal.role, "idp.configure")) {
    const what = relaxes
      ? "turn off SSO enforcement"
      : !sameDomains
        ? "change the email domains"
        : "change the break-glass owner";
    throw forbidden(`Only an Owner may ${what}`, "idp.configure");
  }
  // A break-glass account is one of this org's active owners with a password, enforced or not.
  if (input.breakGlassUserId) {
    const owner = await db().user.findFirst({
      where: { id: input.breakGlassUserId, orgId: ctx.orgId, role: "owner", status: "active" },
    });
    if (!owner?.passwordHash)
      throw field(
        "breakGlassUserId",
        "The break-glass account must be an active owner of this organisation with a password",
      );
  }
  const taken = await db().org.findFirst({
    where: { id: { not: ctx.orgId }, domains: { hasSome: domains } },
    select: { domains: true },
  });
  if (taken) {
    const clash = domains.find((d) => taken.domains.includes(d));
    throw field("domains", `${clash} is already claimed by another organisation`);
  }
  if (input.ssoEnforced) {
    const idps = await db().identityProvider.count({ where: { orgId: ctx.orgId, enabled: true } });
    if (!idps) throw field("ssoEnforced", "Add and enable an identity provider before enforcing single sign-on");
  }
  await db().$transaction(async (tx) => {
    await tx.org.update({
      where: { id: ctx.orgId },
      data: { domains, ssoEnforced: input.ssoEnforced, breakGlassUserId: input.breakGlassUserId },
    });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "settings.sso.update",
      outcome: "success",
      target: { type: "org", id: ctx.orgId, label: org.name },
      before: { domains: org.domains, ssoEnforced: org.ssoEnforced, breakGlassUserId: org.breakGlassUserId },
      after: { domains, ssoEnforced: input.ssoEnforced, breakGlassUserId: input.breakGlassUserId },
    });
    const changes = [
      org.ssoEnforced !== input.ssoEnforced && `SSO enforcement turned ${input.ssoEnforced ? "on" : "off"}`,
      !sameDomains && `email domains now ${domains.join(", ") || "none"}`,
      breakGlassChanged && "break-glass owner changed",
    ].filter(Boolean);
    if (changes.length)
      await tellOwnersAboutSignIn(tx, ctx, {
        kind: relaxes ? "sso.enforcement.off" : "sso.settings.changed",
        title: relaxes ? "SSO enforcement turned off" : "Sign-in settings changed",
        body: `${ctx.principal.email}: ${changes.join("; ")}.`,
        link: "/settings",
      });
  });
  return getSsoSettings(ctx);
}
