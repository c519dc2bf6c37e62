import { AppError } from "@/server/http/errors";
import { publicRoute } from "@/server/http/guard";
import { clientIp, userAgent } from "@/server/http/request-meta";
import { consumeSamlResponse, MAX_SAML_RESPONSE_BYTES } from "@/server/sso/consume-saml-response";
import { SAML_REQUEST_COOKIE, samlRequestCookie, sessionCookieHeader } from "@/server/sso/session-cookie";
import { SsoFailure } from "@/server/sso/sso-failure";

function cookie(req: Request, name: string): string | null {
  const m = new RegExp(`(?:^|;\\s*)${name}=([^;]*)`).exec(req.headers.get("cookie") ?? "");
  return m?.[1] ? decodeURIComponent(m[1]) : null;
}

/**
 * The Assertion Consumer Service (HTTP-POST binding). Success: the session cookie and a redirect
 * to where the user was going. Refusal: back to the sign-in page with a generic message (one that
 * names IdP-initiated sign-in when that is what was refused); the
 * reason is in the audit log under the request id.
 */
export const POST = publicRoute(async (req, params, requestId) => {
  const key = params.key ?? "";
  if (Number(req.headers.get("content-length") ?? 0) > MAX_SAML_RESPONSE_BYTES * 1.5) {
    throw new AppError("too_large", "SAML response too large");
  }
  const form = await req.formData().catch(() => null);
  const field = (k: string) => {
    const v = form?.get(k);
    return typeof v === "string" ? v : null;
  };
  const headers = new Headers({ "cache-control": "no-store" });
  headers.append("set-cookie", samlRequestCookie(key, null));
  try {
    const r = await consumeSamlResponse(
      key,
      { SAMLResponse: field("SAMLResponse"), RelayState: field("RelayState") },
      cookie(req, SAML_REQUEST_COOKIE),
      { ip: clientIp(req), userAgent: userAgent(req), requestId },
    );
    headers.append("set-cookie", await sessionCookieHeader(r.userId, r.sessionId));
    headers.set("location", r.next);
    return new Response(null, { status: 303, headers });
  } catch (e) {
    if (!(e instanceof SsoFailure)) throw e;
    // The one refusal the user can act on: say it was the IdP-started kind (tile, "Test this application").
    const code = e.reason === "idp_initiated_disabled" ? "idp_initiated" : "sso_failed";
    headers.set("location", `/signin?error=${code}&ref=${encodeURIComponent(requestId)}`);
    return new Response(null, { status: 303, headers });
  }
});
