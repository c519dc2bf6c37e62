import { randomBytes } from "node:crypto";
import { generateEd25519, signEd25519 } from "@luminous/crypto";
import { describe, expect, it } from "vitest";
import { bodyHash, deviceIdOf, verifyDeviceJwt } from "./device-jwt";

const key = generateEd25519();
const DEVICE = "6f1c2a9e-5d7b-4c1a-9b3e-2f4d6a8c0e1b";
const NOW = 1_800_000_000;
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

function token(claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}, signer = key.privateKeyPem) {
  const h = b64({ alg: "EdDSA", typ: "JWT", kid: DEVICE, ...header });
  const c = b64({
    sub: DEVICE,
    aud: "luminous-agent-api",
    iat: NOW,
    exp: NOW + 60,
    jti: randomBytes(16).toString("base64url"),
    htm: "POST",
    htu: "/api/agent/v1/heartbeat",
    bh: bodyHash('{"x":1}'),
    ...claims,
  });
  return `${h}.${c}.${signEd25519(signer, `${h}.${c}`)}`;
}

const expect_ = {
  publicKey: key.publicKey,
  deviceId: DEVICE,
  method: "POST",
  path: "/api/agent/v1/heartbeat",
  bodyHash: bodyHash('{"x":1}'),
  now: NOW * 1000,
};
const reason = (t: string, over: Partial<typeof expect_> = {}) => {
  const r = verifyDeviceJwt(t, { ...expect_, ...over });
  return r.ok ? "ok" : r.reason;
};

describe("verifyDeviceJwt", () => {
  it("accepts a token made for this request by this device", () => {
    expect(reason(token())).toBe("ok");
    expect(deviceIdOf(token())).toBe(DEVICE);
  });

  it("refuses another key, a changed payload and a token for another device", () => {
    expect(reason(token({}, {}, generateEd25519().privateKeyPem))).toBe("bad_signature");
    const [h, , s] = token().split(".");
    expect(
      reason(
        `${h}.${b64({ sub: DEVICE, aud: "luminous-agent-api", iat: NOW, exp: NOW + 60, jti: "a".repeat(22), htm: "POST", htu: "/api/agent/v1/heartbeat", bh: expect_.bodyHash })}.${s}`,
      ),
    ).toBe("bad_signature");
    expect(reason(token({ sub: "someone-else" }))).toBe("malformed");
    expect(reason(token({}, { alg: "none" }))).toBe("malformed");
    expect(reason("a.b")).toBe("malformed");
  });

  it("binds method, path and body hash", () => {
    expect(reason(token(), { method: "GET" })).toBe("request_mismatch");
    expect(reason(token(), { path: "/api/agent/v1/bundle-rejections" })).toBe("request_mismatch");
    expect(reason(token(), { bodyHash: bodyHash('{"x":2}') })).toBe("request_mismatch");
  });

  it("enforces audience, lifetime and time window with 60 s of skew", () => {
    expect(reason(token({ aud: "other" }))).toBe("wrong_audience");
    expect(reason(token({ exp: NOW + 121 }))).toBe("lifetime_too_long");
    expect(reason(token({ iat: NOW - 100, exp: NOW - 50 }))).toBe("ok"); // within skew
    expect(reason(token({ iat: NOW - 120, exp: NOW - 61 }))).toBe("expired");
    expect(reason(token({ iat: NOW + 59, exp: NOW + 119 }))).toBe("ok");
    expect(reason(token({ iat: NOW + 61, exp: NOW + 121 }))).toBe("not_yet_valid");
  });
});
