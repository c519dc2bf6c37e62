import { publicRoute } from "@/server/http/guard";
import { samlRequestCookie } from "@/server/sso/session-cookie";
import { startSamlSignIn } from "@/server/sso/start-saml-sign-in";

/** SP-initiated SAML: redirect the browser to the IdP with a fresh AuthnRequest. */
export const GET = publicRoute(async (req, params) => {
  const next = new URL(req.url).searchParams.get("next");
  const { redirectUrl, requestId } = await startSamlSignIn(params.slug ?? "", next);
  return new Response(null, {
    status: 302,
    headers: {
      location: redirectUrl,
      "set-cookie": samlRequestCookie(params.slug ?? "", requestId),
      "cache-control": "no-store",
    },
  });
});
