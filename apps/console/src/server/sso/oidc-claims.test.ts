import { describe, expect, it } from "vitest";
import { classifyOidcError } from "./oidc-claims";

describe("classifyOidcError", () => {
  // The messages openid-client (used by next-auth) throws, as it formats them.
  it.each([
    ["unexpected iss value, expected https://idp.example, got: https://evil.example", "wrong_issuer"],
    ["iss mismatch, expected https://idp.example, got: https://evil.example", "wrong_issuer"],
    ["aud mismatch, expected luminous-console, got: someone-else", "wrong_audience"],
    ["azp mismatch, got: someone-else", "wrong_audience"],
    ["failed to validate JWT signature", "bad_signature"],
    ["unexpected JWT alg received, expected RS256, got: HS256", "bad_signature"],
    ["JWT expired, now 1700000000, exp 1690000000", "expired"],
    ["JWT not active yet, now 1700000000, nbf 1800000000", "not_yet_valid"],
    ["missing required JWT property iat", "invalid_claims"],
    ["nonce mismatch, expected a, got: b", "nonce_mismatch"],
    ["state mismatch, expected a, got: b", "state_mismatch"],
    ["something else entirely", "oidc_error"],
  ])("%s -> %s", (message, reason) => {
    expect(classifyOidcError(message)).toBe(reason);
  });
});
