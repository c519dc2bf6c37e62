import type { Prisma } from "@luminous/db";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import { env } from "../env";
import { AppError } from "../http/errors";
import type { Ctx } from "../http/guard";
import { generateSpKeyPair } from "./generate-sp-keypair";
import { sealSecret } from "./idp-config";
import { loadOrgIdp } from "./load-identity-provider";
import { normalizeCert } from "./parse-saml-metadata";
import { presentIdentityProvider } from "./present-identity-provider";
import { tellOwnersAboutSignIn } from "./tell-owners";

/**
 * A new SP key pair for one SAML IdP (it signs AuthnRequests and decrypts assertions). The SP
 * metadata publishes the new certificate at once; an IdP that verifies request signatures or
 * encrypts assertions must load it again. Audited (certificate fingerprints, never the key) and
 * announced to every owner, like any change to how people sign in.
 */
export async function rotateSpKey(ctx: Ctx, id: string) {
  const existing = await loadOrgIdp(ctx.orgId, id);
  if (existing.type !== "saml") throw new AppError("validation", "Only a SAML identity provider has an SP key");
  const pair = await generateSpKeyPair(`${new URL(env().PUBLIC_URL).hostname} SAML SP (${existing.spKey})`);
  const before = existing.config as Record<string, unknown>;
  const config = { ...before, spCert: normalizeCert(pair.cert), spKeyCreatedAt: new Date().toISOString() };
  const idp = await db().$transaction(async (tx) => {
    const row = await tx.identityProvider.update({
      where: { id: existing.id },
      data: {
        config: config as Prisma.InputJsonValue,
        secretEnc: sealSecret(existing.id, { spPrivateKey: pair.privateKey }),
      },
    });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "idp.sp_key.rotate",
      outcome: "success",
      target: { type: "identity_provider", id: existing.id, label: existing.name },
      before: { spKeyCreatedAt: before.spKeyCreatedAt ?? null },
      after: { spKeyCreatedAt: config.spKeyCreatedAt },
    });
    await tellOwnersAboutSignIn(tx, ctx, {
      kind: "sso.idp.updated",
      title: `SP key of ${existing.name} rotated`,
      body: `${ctx.principal.email} rotated the console's SAML key for ${existing.name}; the IdP must load the new SP metadata.`,
      link: `/settings/identity-providers/${existing.id}`,
    });
    return row;
  });
  return presentIdentityProvider(idp);
}
