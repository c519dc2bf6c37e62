import { encode } from "next-auth/jwt";
import { resolveRedirect } from "../../lib/safe-redirect";
import { sessionCookieName } from "../auth/session";
import { env } from "../env";

/**
 * The same signed, encrypted cookie next-auth issues after a credentials sign-in, carrying the
 * Session row id as `sid`. The SAML ACS is an ordinary POST endpoint, not a next-auth provider,
 * so it issues the cookie itself.
 */
export async function sessionCookieHeader(userId: string, sessionId: string): Promise<string> {
  const e = env();
  const token = await encode({
    token: { sub: userId, sid: sessionId },
    secret: e.AUTH_SECRET,
    maxAge: e.SESSION_MAX_AGE_SECONDS,
  });
  const secure = e.PUBLIC_URL.startsWith("https://") ? "; Secure" : "";
  return `${sessionCookieName()}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${e.SESSION_MAX_AGE_SECONDS}${secure}`;
}

/** Binds an SP-initiated AuthnRequest to the browser that started it. */
export const SAML_REQUEST_COOKIE = "lc_saml_request";

export function samlRequestCookie(spKey: string, requestId: string | null): string {
  // The IdP POSTs to the ACS cross-site: only SameSite=None cookies travel with it, and those
  // need https. On plain-http development setups the binding is skipped (the cookie is absent).
  const https = env().PUBLIC_URL.startsWith("https://");
  const attrs = `Path=/api/sso/saml/${encodeURIComponent(spKey)}/acs; HttpOnly; ${https ? "SameSite=None; Secure" : "SameSite=Lax"}`;
  return requestId
    ? `${SAML_REQUEST_COOKIE}=${requestId}; Max-Age=600; ${attrs}`
    : `${SAML_REQUEST_COOKIE}=; Max-Age=0; ${attrs}`;
}

/** RelayState and `?next=` of the SAML routes: see resolveRedirect. */
export function safeNext(next: string | null | undefined): string {
  return resolveRedirect(next, env().PUBLIC_URL);
}
