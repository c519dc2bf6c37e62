/**
 * Enrollment token string: `lnxe_<43 base64url chars>.<signing key fingerprint>`. The part before
 * the dot is the secret (only its SHA-256 is stored); the fingerprint is the keyId of the org's
 * signing key, which the agent pins before it trusts anything the server says.
 */
const TOKEN_RE = /^(lnxe_[A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{1,64})$/;

export function parseEnrollmentToken(token: string): { secret: string; fingerprint: string } | null {
  const m = TOKEN_RE.exec(token.trim());
  return m ? { secret: m[1]!, fingerprint: m[2]! } : null;
}
