import { randomBytes } from "node:crypto";
import { db } from "../db";
import { loadEnabledIdp } from "./load-identity-provider";
import { samlFor } from "./saml-service-provider";
import { safeNext } from "./session-cookie";

/**
 * SP-initiated sign-in: a fresh AuthnRequest (its id stored for InResponseTo) and the IdP's
 * Redirect-binding URL. RelayState carries only where to go afterwards (a local path).
 */
export async function startSamlSignIn(
  slug: string,
  next: string | null,
): Promise<{ redirectUrl: string; requestId: string }> {
  const idp = await loadEnabledIdp(slug, "saml");
  await db().samlRequestState.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  const requestId = `_${randomBytes(20).toString("hex")}`;
  const redirectUrl = await samlFor(idp, { requestId }).getAuthorizeUrlAsync(safeNext(next), undefined, {});
  return { redirectUrl, requestId };
}
