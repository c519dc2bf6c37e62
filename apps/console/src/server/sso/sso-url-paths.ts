/**
 * The URLs an IdP admin pastes into the IdP, from the console's public base URL and the IdP's URL
 * key. Pure, so the "Add identity provider" page shows them while the slug is being typed.
 */
export function samlUrlsAt(publicUrl: string, key: string) {
  const base = `${publicUrl.replace(/\/$/, "")}/api/sso/saml/${encodeURIComponent(key)}`;
  return {
    entityId: `${base}/metadata`,
    acsUrl: `${base}/acs`,
    metadataUrl: `${base}/metadata`,
    startUrl: `${base}/start`,
  };
}

export function oidcUrlsAt(publicUrl: string, key: string) {
  const base = publicUrl.replace(/\/$/, "");
  return {
    redirectUri: `${base}/api/auth/callback/${encodeURIComponent(key)}`,
    /** Okta's "Initiate login URI": the console's sign-in page, straight to this IdP. */
    initiateLoginUri: `${base}/signin?idp=${encodeURIComponent(key)}`,
  };
}
export type TSamlUrls = ReturnType<typeof samlUrlsAt>;
export type TOidcUrls = ReturnType<typeof oidcUrlsAt>;
