import { createHash, randomBytes } from "node:crypto";
import { signEd25519 } from "@luminous/crypto";

export const AUDIENCE = "luminous-agent-api";
const LIFETIME_SECONDS = 60;

const b64json = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

export function bodyHash(body: string | Uint8Array): string {
  return createHash("sha256").update(body).digest("base64url");
}

/**
 * One token per request: compact JWS signed with the device key, bound to the method, path and
 * exact body bytes, with a fresh 128-bit jti the server refuses to see twice.
 */
export function createDeviceJwt(
  privateKeyPem: string,
  deviceId: string,
  req: { method: string; path: string; body: string | Uint8Array },
  now = Date.now(),
): string {
  const iat = Math.floor(now / 1000);
  const header = b64json({ alg: "EdDSA", typ: "JWT", kid: deviceId });
  const claims = b64json({
    sub: deviceId,
    aud: AUDIENCE,
    iat,
    exp: iat + LIFETIME_SECONDS,
    jti: randomBytes(16).toString("base64url"),
    htm: req.method.toUpperCase(),
    htu: req.path,
    bh: bodyHash(req.body),
  });
  return `${header}.${claims}.${signEd25519(privateKeyPem, `${header}.${claims}`)}`;
}
