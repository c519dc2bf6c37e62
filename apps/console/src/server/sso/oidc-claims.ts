import { z } from "zod";
import type { TOidcStored } from "./idp-config";
import { SsoFailure, type SsoFailureReason } from "./sso-failure";

/** How far in the future an ID token's iat / nbf may be (clocks drift; a day is an attack). */
export const OIDC_CLOCK_SKEW_SECONDS = 300;

const seconds = z.number().int().nonnegative();

/**
 * The ID token claims the console reads, parsed strictly: a wrong type is a refusal, not a
 * guess. Unknown claims pass through (the groups claim is named per IdP).
 */
export const ZOidcClaims = z
  .object({
    sub: z.string().min(1).max(255),
    iss: z.string().min(1),
    aud: z.union([z.string(), z.array(z.string())]),
    iat: seconds,
    exp: seconds,
    nbf: seconds.optional(),
    email: z.string().max(254).optional(),
    email_verified: z.boolean().optional(),
    name: z.string().max(500).optional(),
    hd: z.string().max(253).optional(),
  })
  .passthrough();
export type TOidcClaims = z.infer<typeof ZOidcClaims>;

export interface OidcIdentityClaims {
  sub: string;
  email: string;
  name: string;
  groups: string[];
  emailVerified: boolean;
}

/**
 * Checks what openid-client leaves to the application: claim types, issuer, audience, iat / nbf
 * not in the future beyond the allowed skew, the Google hosted domain, and whether the email
 * counts as verified (boolean true, or the IdP's own setting saying it only issues verified ones).
 */
export function checkOidcClaims(
  raw: unknown,
  cfg: TOidcStored,
  now = Math.floor(Date.now() / 1000),
): OidcIdentityClaims {
  const parsed = ZOidcClaims.safeParse(raw);
  const email = typeof (raw as { email?: unknown })?.email === "string" ? (raw as { email: string }).email : undefined;
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join(".") || "(claims)"}: ${i.message}`).join("; ");
    throw new SsoFailure("invalid_claims", `ID token claims are malformed: ${where}`, email);
  }
  const c = parsed.data;
  if (c.iss.replace(/\/$/, "") !== cfg.issuer)
    throw new SsoFailure("wrong_issuer", `ID token issuer ${c.iss} is not ${cfg.issuer}`, email);
  if (![c.aud].flat().includes(cfg.clientId))
    throw new SsoFailure("wrong_audience", `ID token audience does not include ${cfg.clientId}`, email);
  if (c.iat > now + OIDC_CLOCK_SKEW_SECONDS)
    throw new SsoFailure("clock_skew", `ID token issued ${c.iat - now} s in the future`, email);
  if (c.nbf !== undefined && c.nbf > now + OIDC_CLOCK_SKEW_SECONDS)
    throw new SsoFailure("not_yet_valid", `ID token not valid for another ${c.nbf - now} s`, email);
  if (c.exp <= now) throw new SsoFailure("expired", "ID token expired", email);
  if (cfg.hostedDomain && c.hd !== cfg.hostedDomain)
    throw new SsoFailure("wrong_hosted_domain", `Account is not in the ${cfg.hostedDomain} workspace`, email);
  if (c.email_verified === false)
    throw new SsoFailure("unverified_email", "The IdP says this email is not verified", email);
  const groupsValue = cfg.groupsClaim ? c[cfg.groupsClaim] : undefined;
  return {
    sub: c.sub,
    email: c.email ?? "",
    name: c.name ?? "",
    groups: [groupsValue].flat().filter((x): x is string => typeof x === "string"),
    emailVerified: c.email_verified === true || cfg.emailsVerified,
  };
}

/** openid-client's error messages -> the audit log's closed set of reasons. */
export function classifyOidcError(message: string): SsoFailureReason {
  const s = message.toLowerCase();
  if (s.includes("state mismatch") || s.includes("state missing")) return "state_mismatch";
  if (s.includes("nonce mismatch")) return "nonce_mismatch";
  if (s.includes("unexpected iss") || s.includes("iss mismatch") || s.includes("iss missing")) return "wrong_issuer";
  if (s.includes("aud mismatch") || s.includes("azp mismatch") || s.includes("missing required jwt property azp"))
    return "wrong_audience";
  if (s.includes("failed to validate jwt signature") || s.includes("unexpected jwt alg")) return "bad_signature";
  if (s.includes("jwt expired")) return "expired";
  if (s.includes("jwt not active yet")) return "not_yet_valid";
  if (s.includes("missing required") || s.includes("must be a json numeric") || s.includes("failed to decode jwt"))
    return "invalid_claims";
  return "oidc_error";
}
