import { randomBytes } from "node:crypto";
import { db } from "../db";
import { linkIntentForBrowser } from "./link-intent";
import { loadEnabledIdp, loadIdpBySpKey } from "./load-identity-provider";
import { samlFor } from "./saml-service-provider";
import { safeNext } from "./session-cookie";
import { SsoFailure } from "./sso-failure";

/**
 * SP-initiated sign-in: a fresh AuthnRequest (its id stored for InResponseTo) and the IdP's
 * Redirect-binding URL. RelayState carries only where to go afterwards (a local path).
 */
export async function startSamlSignIn(
  keyOrSlug: string,
  next: string | null,
  link: { cookieHeader: string | null } | null = null,
): Promise<{ redirectUrl: string; requestId: string; spKey: string }> {
  const idp = await loadIdpBySpKey(keyOrSlug, "saml").catch(() => loadEnabledIdp(keyOrSlug, "saml"));
  await db().samlRequestState.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  const requestId = `_${randomBytes(20).toString("hex")}`;
  if (link) {
    // Completing a link the signed-in user asked for: the answer to this request links to them.
    const intent = await linkIntentForBrowser(link.cookieHeader, idp);
    if (!intent) throw new SsoFailure("link_invalid", "No pending link request for this identity provider");
    await db().identityLinkIntent.update({ where: { id: intent.id }, data: { samlRequestId: requestId } });
  }
  const redirectUrl = await samlFor(idp, { requestId }).getAuthorizeUrlAsync(safeNext(next), undefined, {});
  return { redirectUrl, requestId, spKey: idp.spKey };
}
