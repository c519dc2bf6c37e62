import { randomUUID } from "node:crypto";
import type { Prisma } from "@luminous/db";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import { env } from "../env";
import { AppError } from "../http/errors";
import type { Ctx } from "../http/guard";
import { requireStepUp } from "../step-up/require-step-up";
import { buildIdpConfig } from "./build-idp-config";
import { sealSecret } from "./idp-config";
import { loadOrgIdp } from "./load-identity-provider";
import { presentIdentityProvider } from "./present-identity-provider";
import type { TSaveIdentityProvider } from "./schemas";
import { tellOwnersAboutSignIn } from "./tell-owners";

/** Who configured the IdP's trust settings: it never yields an account above what they may grant. */
const configuredBy = (ctx: Ctx) => ({
  configuredById: ctx.principal.userId,
  configuredByRole: ctx.principal.role,
  configuredAt: new Date(),
});

/** What the audit log keeps of a change: settings, never secrets (only that one changed). */
function auditView(input: { name: string; slug: string; enabled: boolean }, config: object) {
  const { spCert: _c, caCert, ...rest } = config as Record<string, unknown>;
  return { name: input.name, slug: input.slug, enabled: input.enabled, ...rest, caCert: caCert ? "(set)" : undefined };
}

export async function createIdentityProvider(ctx: Ctx, input: TSaveIdentityProvider) {
  await requireStepUp(ctx, "idp.create");
  const id = randomUUID();
  // The slug becomes the IdP's URL key for good; an older IdP whose slug changed may still hold it.
  const holder = await db().identityProvider.findFirst({
    where: { OR: [{ spKey: input.slug }, { slug: input.slug }] },
  });
  if (holder) {
    const message = "This short name is already used in the sign-in URLs of another identity provider";
    throw new AppError("conflict", message, { fields: [{ path: "slug", message }] });
  }
  const { config, secret } = await buildIdpConfig(input, null, env().PUBLIC_URL);
  const idp = await db().$transaction(async (tx) => {
    const row = await tx.identityProvider.create({
      data: {
        id,
        orgId: ctx.orgId,
        type: input.type,
        name: input.name,
        slug: input.slug,
        spKey: input.slug,
        enabled: input.enabled,
        config: config as Prisma.InputJsonValue,
        secretEnc: sealSecret(id, secret),
        ...configuredBy(ctx),
      },
    });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "idp.create",
      outcome: "success",
      target: { type: "identity_provider", id, label: input.name },
      after: auditView(input, config),
      data: { type: input.type },
    });
    await tellOwnersAboutSignIn(tx, ctx, {
      kind: "sso.idp.created",
      title: `Identity provider ${input.name} added`,
      body: `${ctx.principal.email} added the ${input.type.toUpperCase()} identity provider ${input.name} (${input.slug}).`,
      link: `/settings/identity-providers/${id}`,
    });
    return row;
  });
  return presentIdentityProvider(idp);
}

export async function updateIdentityProvider(ctx: Ctx, id: string, input: TSaveIdentityProvider) {
  const existing = await loadOrgIdp(ctx.orgId, id);
  await requireStepUp(ctx, "idp.update");
  const { config, secret } = await buildIdpConfig(input, existing, env().PUBLIC_URL);
  const secretChanged =
    (input.type === "oidc" && Boolean(input.clientSecret)) || (input.type === "ldap" && Boolean(input.bindPassword));
  const idp = await db().$transaction(async (tx) => {
    const row = await tx.identityProvider.update({
      where: { id: existing.id },
      data: {
        name: input.name,
        slug: input.slug,
        enabled: input.enabled,
        config: config as Prisma.InputJsonValue,
        secretEnc: sealSecret(existing.id, secret),
        ...configuredBy(ctx),
      },
    });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "idp.update",
      outcome: "success",
      target: { type: "identity_provider", id, label: input.name },
      before: auditView(existing, existing.config as object),
      after: auditView(input, config),
      data: { type: input.type, secretChanged },
    });
    await tellOwnersAboutSignIn(tx, ctx, {
      kind: "sso.idp.updated",
      title: `Identity provider ${input.name} changed`,
      body: `${ctx.principal.email} changed the settings of ${input.name} (${changedKeys(auditView(existing, existing.config as object), auditView(input, config), secretChanged)}).`,
      link: `/settings/identity-providers/${id}`,
    });
    return row;
  });
  return presentIdentityProvider(idp);
}

export async function setIdentityProviderEnabled(ctx: Ctx, id: string, enabled: boolean) {
  const existing = await loadOrgIdp(ctx.orgId, id);
  await requireStepUp(ctx, "idp.enable");
  const idp = await db().$transaction(async (tx) => {
    const row = await tx.identityProvider.update({ where: { id: existing.id }, data: { enabled } });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: enabled ? "idp.enable" : "idp.disable",
      outcome: "success",
      target: { type: "identity_provider", id, label: existing.name },
      before: { enabled: existing.enabled },
      after: { enabled },
    });
    if (enabled !== existing.enabled)
      await tellOwnersAboutSignIn(tx, ctx, {
        kind: enabled ? "sso.idp.enabled" : "sso.idp.disabled",
        title: `Identity provider ${existing.name} ${enabled ? "enabled" : "disabled"}`,
        body: `${ctx.principal.email} ${enabled ? "enabled" : "disabled"} sign-in through ${existing.name}.`,
        link: `/settings/identity-providers/${id}`,
      });
    return row;
  });
  return presentIdentityProvider(idp);
}

export async function deleteIdentityProvider(ctx: Ctx, id: string) {
  const existing = await loadOrgIdp(ctx.orgId, id);
  await requireStepUp(ctx, "idp.delete");
  await db().$transaction(async (tx) => {
    await tx.identityProvider.delete({ where: { id: existing.id } });
    await tx.samlRequestState.deleteMany({ where: { idpId: existing.id } });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "idp.delete",
      outcome: "success",
      target: { type: "identity_provider", id, label: existing.name },
      before: auditView(existing, existing.config as object),
    });
    await tellOwnersAboutSignIn(tx, ctx, {
      kind: "sso.idp.deleted",
      title: `Identity provider ${existing.name} deleted`,
      body: `${ctx.principal.email} deleted ${existing.name}; identities linked through it no longer sign in.`,
      link: "/settings",
    });
  });
}

/** The settings a change touched, named for the owners' notice (values stay in the audit event). */
function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>, secretChanged: boolean) {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
  if (secretChanged) keys.push("secret");
  return keys.length ? `changed: ${keys.join(", ")}` : "no setting changed";
}
