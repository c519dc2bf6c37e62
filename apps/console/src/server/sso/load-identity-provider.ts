import type { IdentityProvider } from "@luminous/db";
import { db } from "../db";
import { notFound } from "../http/errors";

/** An IdP for a public sign-in endpoint, by slug; disabled or of another type reads as missing. */
export async function loadEnabledIdp(slug: string, type: "saml" | "oidc" | "ldap"): Promise<IdentityProvider> {
  const idp = await db().identityProvider.findUnique({ where: { slug } });
  if (!idp || idp.type !== type || !idp.enabled) throw notFound("Identity provider");
  return idp;
}

/**
 * An IdP for an endpoint whose URL the IdP admin configured (SAML ACS, metadata, logout; OIDC
 * callback): by its stable spKey, never by the slug, which may change.
 */
export async function loadIdpBySpKey(spKey: string, type: "saml" | "oidc"): Promise<IdentityProvider> {
  const idp = await db().identityProvider.findUnique({ where: { spKey } });
  if (!idp || idp.type !== type || !idp.enabled) throw notFound("Identity provider");
  return idp;
}

/** An IdP for an admin operation: scoped to the caller's org, so another org's id is a 404. */
export async function loadOrgIdp(orgId: string, id: string): Promise<IdentityProvider> {
  const idp = /^[0-9a-f-]{36}$/i.test(id) ? await db().identityProvider.findFirst({ where: { id, orgId } }) : null;
  if (!idp) throw notFound("Identity provider");
  return idp;
}
