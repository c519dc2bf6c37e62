import type { IdentityProvider } from "@luminous/db";
import { env } from "../env";
import { oidcUrlsAt, samlUrlsAt } from "./sso-url-paths";

/**
 * Every URL an IdP admin pastes into the IdP, built from PUBLIC_URL and the IdP's stable spKey
 * only (the slug it was created with, frozen): renaming the IdP or changing its slug leaves them
 * as they are, so the app configured in Okta or Entra ID keeps working.
 */
export const samlUrls = (spKey: string) => samlUrlsAt(env().PUBLIC_URL, spKey);
export const oidcUrls = (spKey: string) => oidcUrlsAt(env().PUBLIC_URL, spKey);

export function idpUrls(idp: Pick<IdentityProvider, "type" | "spKey">) {
  if (idp.type === "saml") return { sp: samlUrls(idp.spKey) };
  if (idp.type === "oidc") return { rp: oidcUrls(idp.spKey) };
  return {};
}
