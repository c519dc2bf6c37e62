import { checkValueLimits } from "@luminous/json-limits";
import { SsoFailure } from "./sso-failure";

/** What one person's claims or attributes may hold: the shared nesting limit, and this much text and values. */
const IDP_ATTRIBUTE_LIMITS = { maxStringLength: 8 * 1024, maxNodes: 10_000 };

/**
 * Refuses an IdP's claims (OIDC) or attribute values (SAML) past the shared limits of
 * @luminous/json-limits before anything reads or stores them: a value nested thousands of levels
 * or holding megabytes is an invalid response, refused and audited like any other, never a crash.
 */
export function checkIdpAttributes(value: unknown, what: "claims" | "attributes"): void {
  const problem = checkValueLimits(value, IDP_ATTRIBUTE_LIMITS, what);
  if (problem) {
    throw new SsoFailure(
      "invalid_response",
      `The identity provider's ${what} are refused: ${problem.path} ${problem.message}`,
    );
  }
}
