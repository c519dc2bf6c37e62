import type { IdentityProvider } from "@luminous/db";
import { type CacheProvider, SAML, ValidateInResponseTo } from "@node-saml/node-saml";
import { db } from "../db";
import { openSecret, samlConfig, ZSamlSecret } from "./idp-config";
import { samlUrls } from "./idp-urls";
import { toPem } from "./parse-saml-metadata";

/** Small: covers NTP-synced clocks, not a stale assertion. */
export const SAML_CLOCK_SKEW_MS = 60_000;
/** How long an AuthnRequest may wait for its Response. */
export const SAML_REQUEST_TTL_MS = 10 * 60_000;
const EMAIL_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
const UNSPECIFIED_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";

const requestKey = (idpId: string, id: string) => `req:${idpId}:${id}`;

/**
 * Outstanding AuthnRequest ids live in Postgres (SamlRequestState, kind "request"), so the
 * Response may land on any console node; a used id is deleted, so it answers once.
 */
export function requestCache(idpId: string): CacheProvider {
  return {
    async saveAsync(key, value) {
      const createdAt = Date.now();
      await db().samlRequestState.create({
        data: {
          id: requestKey(idpId, key),
          idpId,
          kind: "request",
          expiresAt: new Date(createdAt + SAML_REQUEST_TTL_MS),
        },
      });
      return { value, createdAt };
    },
    async getAsync(key) {
      const row = await db().samlRequestState.findFirst({
        where: { id: requestKey(idpId, key), idpId, kind: "request", expiresAt: { gt: new Date() } },
      });
      return row ? row.createdAt.toISOString() : null;
    },
    async removeAsync(key) {
      if (!key) return null;
      await db().samlRequestState.deleteMany({ where: { id: requestKey(idpId, key), idpId } });
      return key;
    },
  };
}

/**
 * node-saml configured for one IdP. Either the Response or the Assertion must carry a valid
 * signature from one of the IdP's (up to two) certificates; audience is our entity id; InResponseTo
 * is required unless the admin allowed IdP-initiated sign-in.
 */
export function samlFor(idp: IdentityProvider, opts: { requestId?: string } = {}): SAML {
  const cfg = samlConfig(idp);
  const urls = samlUrls(idp.spKey);
  const secret = openSecret(idp, ZSamlSecret);
  return new SAML({
    issuer: urls.entityId,
    audience: urls.entityId,
    callbackUrl: urls.acsUrl,
    entryPoint: cfg.ssoUrl,
    idpIssuer: cfg.idpEntityId,
    idpCert: cfg.idpCerts.map(toPem),
    wantAssertionsSigned: false,
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: SAML_CLOCK_SKEW_MS,
    maxAssertionAgeMs: SAML_REQUEST_TTL_MS,
    validateInResponseTo: cfg.allowIdpInitiated ? ValidateInResponseTo.ifPresent : ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: SAML_REQUEST_TTL_MS,
    cacheProvider: requestCache(idp.id),
    decryptionPvk: secret.spPrivateKey,
    identifierFormat: cfg.emailAttribute ? UNSPECIFIED_FORMAT : EMAIL_FORMAT,
    disableRequestedAuthnContext: true,
    signatureAlgorithm: "sha256",
    // Redirect-binding AuthnRequests signed (SigAlg + Signature) with the SP key the metadata publishes.
    ...(cfg.signAuthnRequests ? { privateKey: secret.spPrivateKey } : {}),
    digestAlgorithm: "sha256",
    ...(opts.requestId ? { generateUniqueId: () => opts.requestId as string } : {}),
  });
}
