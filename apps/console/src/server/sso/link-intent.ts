import type { IdentityLinkIntent, IdentityProvider } from "@luminous/db";
import { resolveSession, sessionIdFromCookies } from "../auth/session";
import { db } from "../db";
import { env } from "../env";

/** The browser that asked for a link carries its id; the link completes only for its signed-in user. */
export const LINK_INTENT_COOKIE = "lc_link_intent";
export const LINK_INTENT_TTL_SECONDS = 600;

export function linkIntentCookie(id: string | null): string {
  const secure = env().PUBLIC_URL.startsWith("https://") ? "; Secure" : "";
  return `${LINK_INTENT_COOKIE}=${id ?? ""}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${id ? LINK_INTENT_TTL_SECONDS : 0}${secure}`;
}

function readCookie(header: string | null, name: string): string | null {
  for (const part of (header ?? "").split(/;\s*/)) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq) === name) return decodeURIComponent(part.slice(eq + 1));
  }
  return null;
}

/**
 * The pending link request this browser started for this IdP: the cookie names it, and the
 * browser's session must still be the account that asked for it.
 */
export async function linkIntentForBrowser(
  cookieHeader: string | null,
  idp: Pick<IdentityProvider, "id" | "orgId">,
): Promise<IdentityLinkIntent | null> {
  const id = readCookie(cookieHeader, LINK_INTENT_COOKIE);
  if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const intent = await db().identityLinkIntent.findFirst({
    where: { id, idpId: idp.id, orgId: idp.orgId, expiresAt: { gt: new Date() } },
  });
  if (!intent) return null;
  const sid = await sessionIdFromCookies(cookieHeader);
  const session = sid ? await resolveSession(sid) : null;
  return session?.id === intent.userId ? intent : null;
}

/** SAML: the link request a (signed) assertion answers, by the AuthnRequest id it was started with. */
export async function samlLinkIntent(idp: IdentityProvider, requestId: string): Promise<IdentityLinkIntent | null> {
  return db().identityLinkIntent.findFirst({ where: { samlRequestId: requestId, idpId: idp.id, orgId: idp.orgId } });
}
