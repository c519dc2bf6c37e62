import { publicRoute } from "@/server/http/guard";
import { samlRequestCookie } from "@/server/sso/session-cookie";
import { SsoFailure } from "@/server/sso/sso-failure";
import { startSamlSignIn } from "@/server/sso/start-saml-sign-in";

/** SP-initiated SAML: redirect the browser to the IdP with a fresh AuthnRequest. */
export const GET = publicRoute(async (req, params) => {
  const q = new URL(req.url).searchParams;
  const link = q.get("link") === "1" ? { cookieHeader: req.headers.get("cookie") } : null;
  let started: Awaited<ReturnType<typeof startSamlSignIn>>;
  try {
    started = await startSamlSignIn(params.key ?? "", q.get("next"), link);
  } catch (e) {
    if (!(e instanceof SsoFailure)) throw e;
    return new Response(null, {
      status: 303,
      headers: { location: "/profile?link=expired", "cache-control": "no-store" },
    });
  }
  const { redirectUrl, requestId, spKey } = started;
  return new Response(null, {
    status: 302,
    headers: {
      location: redirectUrl,
      "set-cookie": samlRequestCookie(spKey, requestId),
      "cache-control": "no-store",
    },
  });
});
