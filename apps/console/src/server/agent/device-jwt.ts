import { createHash } from "node:crypto";
import { verifyEd25519 } from "@luminous/crypto";
import { parseJsonWithin } from "@luminous/json-limits";
import { z } from "zod";
import { AGENT_API } from "./constants";

/**
 * Device request tokens: compact JWS (EdDSA over Ed25519), one per request, binding the method,
 * path and body hash, with a random jti the server remembers until expiry (replay protection).
 * Pure: no I/O, the caller supplies the device's public key and the clock.
 */
const ZHeader = z.object({ alg: z.literal("EdDSA"), typ: z.literal("JWT"), kid: z.string().min(1).max(64) });
const ZClaims = z.object({
  sub: z.string().min(1).max(64),
  aud: z.string(),
  iat: z.int(),
  exp: z.int(),
  jti: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  htm: z.string(),
  htu: z.string(),
  bh: z.string(),
});
export type DeviceJwtClaims = z.infer<typeof ZClaims>;

export type DeviceJwtFailure =
  | "malformed"
  | "bad_signature"
  | "wrong_audience"
  | "expired"
  | "not_yet_valid"
  | "lifetime_too_long"
  | "request_mismatch";

export type VerifyDeviceJwtResult =
  | { ok: true; claims: DeviceJwtClaims }
  | { ok: false; reason: DeviceJwtFailure; message: string };

export function bodyHash(body: string | Uint8Array): string {
  return createHash("sha256").update(body).digest("base64url");
}

function decodePart(part: string): unknown {
  try {
    // Within the shared nesting limit: the claims are validated by zod, which recurses.
    return parseJsonWithin(Buffer.from(part, "base64url").toString("utf8"), { maxBytes: 8 * 1024 });
  } catch {
    return undefined;
  }
}

/** The kid (device id) of a token, read before the signature is checked so the key can be looked up. */
export function deviceIdOf(token: string): string | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const h = ZHeader.safeParse(decodePart(parts[0]!));
  return h.success ? h.data.kid : null;
}

export function verifyDeviceJwt(
  token: string,
  expect: { publicKey: string; deviceId: string; method: string; path: string; bodyHash: string; now?: number },
): VerifyDeviceJwtResult {
  const fail = (reason: DeviceJwtFailure, message: string) => ({ ok: false, reason, message }) as const;
  const parts = token.split(".");
  if (parts.length !== 3) return fail("malformed", "not a compact JWS");
  const [h, c, s] = parts as [string, string, string];
  const header = ZHeader.safeParse(decodePart(h));
  const claims = ZClaims.safeParse(decodePart(c));
  if (!header.success || !claims.success) return fail("malformed", "bad JWT header or claims");
  if (header.data.kid !== expect.deviceId || claims.data.sub !== expect.deviceId) {
    return fail("malformed", "kid and sub must name the device");
  }
  if (!verifyEd25519(expect.publicKey, `${h}.${c}`, s)) return fail("bad_signature", "signature does not verify");
  const cl = claims.data;
  const now = Math.floor((expect.now ?? Date.now()) / 1000);
  const skew = AGENT_API.clockSkewSeconds;
  if (cl.aud !== AGENT_API.audience) return fail("wrong_audience", `aud must be ${AGENT_API.audience}`);
  if (cl.exp - cl.iat > AGENT_API.jwtMaxLifetimeSeconds || cl.exp < cl.iat) {
    return fail("lifetime_too_long", `exp - iat must be within ${AGENT_API.jwtMaxLifetimeSeconds} s`);
  }
  if (cl.iat > now + skew) return fail("not_yet_valid", "iat is in the future");
  if (cl.exp < now - skew) return fail("expired", "token expired");
  if (cl.htm !== expect.method.toUpperCase() || cl.htu !== expect.path || cl.bh !== expect.bodyHash) {
    return fail("request_mismatch", "token was made for another request (htm/htu/bh)");
  }
  return { ok: true, claims: cl };
}
