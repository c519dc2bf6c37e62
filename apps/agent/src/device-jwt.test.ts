import { generateEd25519, verifyEd25519 } from "@luminous/crypto";
import { describe, expect, it } from "vitest";
import { AUDIENCE, bodyHash, createDeviceJwt } from "./device-jwt";

const decode = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8"));

describe("createDeviceJwt", () => {
  const key = generateEd25519();
  const token = createDeviceJwt(
    key.privateKeyPem,
    "dev-1",
    { method: "post", path: "/api/agent/v1/heartbeat", body: '{"a":1}' },
    1_700_000_000_000,
  );
  const [h, c, s] = token.split(".") as [string, string, string];

  it("is an EdDSA JWS naming the device, verifiable with the device public key only", () => {
    expect(decode(h)).toEqual({ alg: "EdDSA", typ: "JWT", kid: "dev-1" });
    expect(verifyEd25519(key.publicKey, `${h}.${c}`, s)).toBe(true);
    expect(verifyEd25519(generateEd25519().publicKey, `${h}.${c}`, s)).toBe(false);
  });

  it("binds method, path and the exact body bytes, with a short life and a fresh jti", () => {
    const claims = decode(c);
    expect(claims).toMatchObject({
      sub: "dev-1",
      aud: AUDIENCE,
      htm: "POST",
      htu: "/api/agent/v1/heartbeat",
      bh: bodyHash('{"a":1}'),
    });
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(120);
    expect(claims.iat).toBe(1_700_000_000);
    expect(Buffer.from(claims.jti, "base64url")).toHaveLength(16);
    const again = decode(
      createDeviceJwt(key.privateKeyPem, "dev-1", { method: "GET", path: "/x", body: "" }).split(".")[1]!,
    );
    expect(again.jti).not.toBe(claims.jti);
    expect(again.bh).toBe("47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU"); // SHA-256 of the empty body
  });
});
