import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";
import { linkIntentCookie } from "@/server/sso/link-intent";
import { ZStartIdentityLink } from "@/server/sso/schemas";
import { startIdentityLink } from "@/server/sso/start-identity-link";

/**
 * Links one of the org's IdPs to the caller's own account after they prove it. A directory is
 * linked at once; for SAML and OIDC this browser then signs in at the IdP (the cookie names the
 * pending link, which completes only for this signed-in user).
 */
export const POST = withPermission(null, async (ctx, req) => {
  const r = await startIdentityLink(ctx, await parseBody(req, ZStartIdentityLink));
  const headers = new Headers({ "cache-control": "no-store" });
  if (!r.linked) headers.append("set-cookie", linkIntentCookie(r.intentId));
  const { intentId: _i, ...body } = r as typeof r & { intentId?: string };
  return Response.json(body, { status: r.linked ? 201 : 202, headers });
});
