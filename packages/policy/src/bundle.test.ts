import { generateEd25519 } from "@luminous/crypto";
import { describe, expect, it } from "vitest";
import { type BundlePayload, keysToTrustAfter, signBundle, verifyBundle } from "./bundle";
import { defaultPolicy } from "./schema";

const orgKey = generateEd25519();
const otherKey = generateEd25519();
const trustedKeys = { [orgKey.keyId]: orgKey.publicKey };
const now = new Date("2026-03-01T12:00:00Z");

function payload(extra: Partial<Omit<BundlePayload, "keyId">> = {}): Omit<BundlePayload, "keyId"> {
  return {
    orgId: "org_acme",
    deviceId: "dev_42",
    policy: defaultPolicy(),
    version: 7,
    issuedAt: "2026-03-01T11:00:00Z",
    expiresAt: "2026-03-08T11:00:00Z",
    ...extra,
  };
}

describe("signed policy bundles", () => {
  it("verifies a bundle signed by a trusted key, also after a JSON round trip", () => {
    const bundle = JSON.parse(JSON.stringify(signBundle(payload(), orgKey)));
    const result = verifyBundle(bundle, { trustedKeys, minVersion: 7, now });
    expect(result.ok).toBe(true);
    expect(result.ok && result.payload.keyId).toBe(orgKey.keyId);
    expect(result.ok && result.payload.policy).toEqual(defaultPolicy());
  });

  it("refuses a bundle whose policy was tampered with", () => {
    const bundle = signBundle(payload(), orgKey);
    bundle.payload.policy.llm.allow_external = true;
    expect(verifyBundle(bundle, { trustedKeys, now })).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("refuses a bundle signed by another key under a trusted key id", () => {
    const forged = signBundle(payload(), { keyId: orgKey.keyId, privateKeyPem: otherKey.privateKeyPem });
    expect(verifyBundle(forged, { trustedKeys, now })).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("refuses a bundle from an unknown key id", () => {
    const bundle = signBundle(payload(), otherKey);
    expect(verifyBundle(bundle, { trustedKeys, now })).toMatchObject({ ok: false, reason: "unknown_key" });
    const proto = signBundle(payload(), { keyId: "constructor", privateKeyPem: otherKey.privateKeyPem });
    expect(verifyBundle(proto, { trustedKeys, now })).toMatchObject({ ok: false, reason: "unknown_key" });
  });

  it("refuses a lower version as a rollback and accepts the same version", () => {
    const bundle = signBundle(payload({ version: 6 }), orgKey);
    expect(verifyBundle(bundle, { trustedKeys, minVersion: 7, now })).toMatchObject({ ok: false, reason: "rollback" });
    expect(verifyBundle(bundle, { trustedKeys, minVersion: 6, now }).ok).toBe(true);
  });

  it("refuses an expired bundle", () => {
    const bundle = signBundle(payload(), orgKey);
    const later = new Date("2026-03-08T11:00:00Z");
    expect(verifyBundle(bundle, { trustedKeys, now: later })).toMatchObject({ ok: false, reason: "expired" });
  });

  it("checks the signature before version and expiry", () => {
    const bundle = signBundle(payload({ version: 1 }), orgKey);
    bundle.payload.version = 100;
    expect(verifyBundle(bundle, { trustedKeys, minVersion: 50, now })).toMatchObject({ reason: "bad_signature" });
  });

  it("refuses malformed bundles, including unknown fields and invalid policies", () => {
    const good = signBundle(payload(), orgKey);
    expect(verifyBundle(null, { trustedKeys, now })).toMatchObject({ ok: false, reason: "malformed" });
    expect(verifyBundle({ ...good, extra: 1 }, { trustedKeys, now })).toMatchObject({ reason: "malformed" });
    const badPolicy = structuredClone(good) as unknown as { payload: { policy: { commands: { mode: string } } } };
    badPolicy.payload.policy.commands.mode = "anything";
    expect(verifyBundle(badPolicy, { trustedKeys, now })).toMatchObject({ reason: "malformed" });
    expect(() => signBundle(payload({ expiresAt: "2026-01-01T00:00:00Z" }), orgKey)).toThrow();
  });

  it("rotates keys: a bundle signed by the old key announces the new one", () => {
    const newKey = generateEd25519();
    const announcing = signBundle(
      payload({ announcedKeys: [{ keyId: newKey.keyId, publicKey: newKey.publicKey }] }),
      orgKey,
    );
    const verified = verifyBundle(announcing, { trustedKeys, now });
    if (!verified.ok) throw new Error(verified.message);
    const added = keysToTrustAfter(verified.payload);
    expect(added).toEqual({ [newKey.keyId]: newKey.publicKey });

    const next = signBundle(payload({ version: 8 }), newKey);
    expect(verifyBundle(next, { trustedKeys, now }).ok).toBe(false);
    expect(verifyBundle(next, { trustedKeys: { ...trustedKeys, ...added }, minVersion: 7, now }).ok).toBe(true);
  });

  it("refuses an announcement whose key id does not derive from its key", () => {
    const newKey = generateEd25519();
    const bundle = {
      payload: {
        ...payload(),
        keyId: orgKey.keyId,
        announcedKeys: [{ keyId: orgKey.keyId, publicKey: newKey.publicKey }],
      },
      signature: "x".repeat(86),
    };
    expect(verifyBundle(bundle, { trustedKeys, now })).toMatchObject({ ok: false, reason: "malformed" });
  });
});
