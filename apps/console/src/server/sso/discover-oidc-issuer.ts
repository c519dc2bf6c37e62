import { z } from "zod";
import { EgressFailure } from "../http/egress-failure";
import { egressFetch, egressJson } from "../http/egress-fetch";
import { checkEgressUrl, resolveEgressHost } from "../http/egress-policy";

const ZDiscovery = z.object({
  issuer: z.string(),
  authorization_endpoint: z.string().url(),
  token_endpoint: z.string().url(),
  jwks_uri: z.string().url(),
  userinfo_endpoint: z.string().url().optional(),
});

export type TOidcEndpoints = z.infer<typeof ZDiscovery>;

/**
 * An issuer's discovery document, fetched through the egress policy. The endpoints the server
 * itself will call (token, JWKS, userinfo) are checked against the same policy here, so a
 * document cannot send the console on to an internal address; the browser-facing authorization
 * endpoint is only required to be a URL.
 */
export async function discoverOidcIssuer(issuer: string): Promise<TOidcEndpoints> {
  const parsed = ZDiscovery.safeParse(egressJson(await egressFetch(`${issuer}/.well-known/openid-configuration`)));
  if (!parsed.success) {
    // Field names only (never remote values): which required entries are missing or malformed.
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join(".") || "document"))].join(", ");
    throw new EgressFailure("invalid_document", `OpenID discovery document: ${fields} missing or invalid`);
  }
  if (parsed.data.issuer.replace(/\/$/, "") !== issuer.replace(/\/$/, "")) {
    throw new EgressFailure("invalid_document", "the discovery document names another issuer");
  }
  for (const u of [parsed.data.token_endpoint, parsed.data.jwks_uri, parsed.data.userinfo_endpoint]) {
    if (!u) continue;
    const url = checkEgressUrl(u);
    // Plain http only to a local peer, as for the discovery request itself.
    if (url.protocol === "http:") await resolveEgressHost(url.hostname, { loopbackOnly: true });
  }
  return parsed.data;
}
