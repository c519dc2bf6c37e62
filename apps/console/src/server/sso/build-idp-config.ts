import type { IdentityProvider } from "@luminous/db";
import { AppError } from "../http/errors";
import { requireUsableCertificates } from "./check-certificate";
import { generateSpKeyPair } from "./generate-sp-keypair";
import {
  openSecret,
  type TLdapStored,
  type TOidcStored,
  type TSamlStored,
  ZLdapSecret,
  ZOidcSecret,
  ZSamlSecret,
} from "./idp-config";
import { normalizeCert, parseSamlMetadata } from "./parse-saml-metadata";
import type { TSaveIdentityProvider } from "./schemas";

const required = (path: string, message: string) =>
  new AppError("validation", message, { fields: [{ path, message }] });

/**
 * Input -> (stored config, secret). A blank secret on edit keeps the stored one; SAML metadata,
 * when pasted, wins over the individual fields; a SAML IdP gets its own SP key pair once.
 */
export async function buildIdpConfig(
  input: TSaveIdentityProvider,
  existing: IdentityProvider | null,
  publicUrl: string,
): Promise<{ config: TSamlStored | TOidcStored | TLdapStored; secret: Record<string, string> }> {
  if (existing && existing.type !== input.type)
    throw required("type", "The type of an identity provider cannot change");
  const { type: _t, name: _n, slug: _s, enabled: _e, ...rest } = input;
  switch (input.type) {
    case "saml": {
      const fromXml = input.metadataXml ? parseSamlMetadata(input.metadataXml) : null;
      if (fromXml)
        for (const c of fromXml.certs)
          requireUsableCertificates("metadataXml", "The metadata's signing certificate", c);
      else {
        requireUsableCertificates("idpCert", "IdP signing certificate", input.idpCert);
        requireUsableCertificates("idpCertNext", "Next IdP certificate", input.idpCertNext);
      }
      const certs = fromXml
        ? fromXml.certs
        : [input.idpCert, input.idpCertNext].map(normalizeCert).filter((c, i, all) => c && all.indexOf(c) === i);
      let secret: Record<string, string>;
      let spCert: string;
      let spKeyCreatedAt: string | undefined;
      if (existing?.secretEnc) {
        secret = openSecret(existing, ZSamlSecret);
        const stored = existing.config as { spCert?: unknown; spKeyCreatedAt?: unknown };
        spCert = String(stored.spCert ?? "");
        spKeyCreatedAt = typeof stored.spKeyCreatedAt === "string" ? stored.spKeyCreatedAt : undefined;
      } else {
        const pair = await generateSpKeyPair(`${new URL(publicUrl).hostname} SAML SP (${input.slug})`);
        secret = { spPrivateKey: pair.privateKey };
        spCert = normalizeCert(pair.cert);
        spKeyCreatedAt = new Date().toISOString();
      }
      return {
        config: {
          idpEntityId: fromXml?.entityId ?? input.idpEntityId,
          ssoUrl: fromXml?.ssoUrl ?? input.ssoUrl,
          idpCerts: certs,
          emailAttribute: input.emailAttribute,
          nameAttribute: input.nameAttribute,
          groupsAttribute: input.groupsAttribute,
          allowIdpInitiated: input.allowIdpInitiated,
          requireEncryptedAssertions: input.requireEncryptedAssertions,
          spCert,
          signAuthnRequests: input.signAuthnRequests,
          ...(spKeyCreatedAt ? { spKeyCreatedAt } : {}),
          defaultRole: input.defaultRole,
          linkByVerifiedEmail: input.linkByVerifiedEmail,
        },
        secret,
      };
    }
    case "oidc": {
      const { clientSecret, ...config } = rest as Extract<TSaveIdentityProvider, { type: "oidc" }>;
      const secret = clientSecret
        ? clientSecret
        : existing?.secretEnc
          ? openSecret(existing, ZOidcSecret).clientSecret
          : "";
      if (!secret) throw required("clientSecret", "Client secret is required");
      return { config: { ...config, issuer: config.issuer.replace(/\/$/, "") }, secret: { clientSecret: secret } };
    }
    case "ldap": {
      const { bindPassword, ...config } = rest as Extract<TSaveIdentityProvider, { type: "ldap" }>;
      requireUsableCertificates("caCert", "CA certificate", config.caCert);
      const secret = bindPassword
        ? bindPassword
        : existing?.secretEnc
          ? openSecret(existing, ZLdapSecret).bindPassword
          : "";
      if (!secret) throw required("bindPassword", "Service account password is required");
      return { config: { ...config, caCert: config.caCert.trim() }, secret: { bindPassword: secret } };
    }
  }
}
