import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  canonicalize,
  decryptSecret,
  encryptSecret,
  generateEd25519,
  signEd25519,
  uuidv7,
  verifyEd25519,
} from "./index";

describe("canonicalize", () => {
  it("sorts keys at every depth and drops undefined", () => {
    expect(canonicalize({ b: 1, a: { d: [1, "x"], c: null }, u: undefined })).toBe(
      '{"a":{"c":null,"d":[1,"x"]},"b":1}',
    );
  });
  it("refuses non-finite numbers", () => {
    expect(() => canonicalize({ a: Number.NaN })).toThrow(/non-finite/);
  });
});

describe("ed25519", () => {
  it("verifies its own signature and refuses a changed message or another key", () => {
    const k = generateEd25519();
    const other = generateEd25519();
    const sig = signEd25519(k.privateKeyPem, "hello");
    expect(verifyEd25519(k.publicKey, "hello", sig)).toBe(true);
    expect(verifyEd25519(k.publicKey, "hellO", sig)).toBe(false);
    expect(verifyEd25519(other.publicKey, "hello", sig)).toBe(false);
    expect(k.keyId).not.toBe(other.keyId);
  });
});

describe("secret envelope", () => {
  it("round-trips and refuses the wrong key or purpose", () => {
    const mk = randomBytes(32);
    const env = encryptSecret(mk, "s3cret", "signing-key:org1");
    expect(decryptSecret(mk, env, "signing-key:org1")).toBe("s3cret");
    expect(() => decryptSecret(mk, env, "signing-key:org2")).toThrow();
    expect(() => decryptSecret(randomBytes(32), env, "signing-key:org1")).toThrow();
  });
});

describe("uuidv7", () => {
  it("is a version 7, RFC 9562 variant UUID carrying the millisecond time", () => {
    const at = Date.UTC(2026, 10, 27, 12, 0, 0, 123);
    const id = uuidv7(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replace(/-/g, "").slice(0, 12), 16)).toBe(at);
  });

  it("sorts by creation time across milliseconds and stays unique within one", () => {
    const ids = Array.from({ length: 1000 }, (_, i) => uuidv7(1_700_000_000_000 + Math.floor(i / 10)));
    expect(new Set(ids).size).toBe(1000);
    const firstOfEachMs = ids.filter((_, i) => i % 10 === 0);
    expect([...firstOfEachMs].sort()).toEqual(firstOfEachMs);
  });
});
