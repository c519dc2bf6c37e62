import { EgressFailure } from "../http/egress-failure";
import { egressFetch, egressJson } from "../http/egress-fetch";
import { discoverOidcIssuer } from "./discover-oidc-issuer";
import { OIDC_MAX_RESPONSE_BYTES } from "./oidc-http";

interface Step {
  step: string;
  ok: boolean;
  detail: string;
}

/** The failure class in words (DNS, TLS, HTTP status, invalid document...), never remote text. */
const why = (e: unknown) => (e instanceof EgressFailure ? e.message : "failed");

/**
 * The OIDC half of the Test button: discovery (DNS, TLS, HTTP status, a valid document naming this
 * issuer), then the JWKS the ID tokens are verified with (reachable, within the size cap, keys).
 */
export async function testOidcIssuer(issuer: string): Promise<Step[]> {
  let jwksUri: string;
  try {
    const doc = await discoverOidcIssuer(issuer);
    jwksUri = doc.jwks_uri;
  } catch (e) {
    return [{ step: "discovery", ok: false, detail: why(e) }];
  }
  const steps: Step[] = [{ step: "discovery", ok: true, detail: `issuer ${issuer}` }];
  try {
    const jwks = egressJson(await egressFetch(jwksUri, { maxBytes: OIDC_MAX_RESPONSE_BYTES })) as { keys?: unknown };
    const n = Array.isArray(jwks.keys) ? jwks.keys.length : 0;
    steps.push({ step: "signing keys (JWKS)", ok: n > 0, detail: n ? `${n} key(s)` : "the JWKS holds no keys" });
  } catch (e) {
    steps.push({ step: "signing keys (JWKS)", ok: false, detail: why(e) });
  }
  return steps;
}
