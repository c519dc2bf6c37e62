import type { IdentityProvider } from "@luminous/db";
import { env } from "../env";

/**
 * Every URL an IdP admin pastes into the IdP, built from PUBLIC_URL and the IdP's stable spKey
 * only (the slug it was created with, frozen): renaming the IdP or changing its slug leaves them
 * as they are, so the app configured in Okta or Entra ID keeps working.
 */
export function samlUrls(spKey: string) {
  const base = `${env().PUBLIC_URL.replace(/\/$/, "")}/api/sso/saml/${encodeURIComponent(spKey)}`;
  return {
    entityId: `${base}/metadata`,
    acsUrl: `${base}/acs`,
    metadataUrl: `${base}/metadata`,
    sloUrl: `${base}/slo`,
    startUrl: `${base}/start`,
  };
}

/** The OIDC redirect URI (next-auth's callback for the provider whose id is the spKey). */
export function oidcUrls(spKey: string) {
  return { redirectUri: `${env().PUBLIC_URL.replace(/\/$/, "")}/api/auth/callback/${encodeURIComponent(spKey)}` };
}

export function idpUrls(idp: Pick<IdentityProvider, "type" | "spKey">) {
  if (idp.type === "saml") return { sp: samlUrls(idp.spKey) };
  if (idp.type === "oidc") return { rp: oidcUrls(idp.spKey) };
  return {};
}
