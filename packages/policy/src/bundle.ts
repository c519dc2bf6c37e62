import { canonicalize, keyIdOf, signEd25519, verifyEd25519 } from "@luminous/crypto";
import { z } from "zod";
import { ZApprovals } from "./approvals";
import { ZPolicyDocument } from "./schema";

const ZKeyId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const ZPublicKey = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "must be a raw 32-byte Ed25519 key, base64url");

const ZAnnouncedKey = z
  .strictObject({ keyId: ZKeyId, publicKey: ZPublicKey })
  // A key id is derived from its key, so an announcement cannot pair a trusted id with another key.
  .refine((k) => keyIdOf(k.publicKey) === k.keyId, { message: "keyId does not match publicKey", path: ["keyId"] });

// Bundles signed before approval rules existed carry no "approvals" section; they still verify
// (the signature covers the payload as signed) and the console's defaults apply to them.
const ZBundlePolicy = ZPolicyDocument.extend({ approvals: ZApprovals.optional() });

export const ZBundlePayload = z
  .strictObject({
    orgId: z.string().min(1),
    deviceId: z.string().min(1).optional(),
    policy: ZBundlePolicy,
    version: z.int().min(0),
    issuedAt: z.iso.datetime({ offset: true }),
    expiresAt: z.iso.datetime({ offset: true }),
    keyId: ZKeyId,
    announcedKeys: z.array(ZAnnouncedKey).max(16).optional(),
  })
  .refine((p) => Date.parse(p.expiresAt) > Date.parse(p.issuedAt), {
    message: "expiresAt must be after issuedAt",
    path: ["expiresAt"],
  });
export type BundlePayload = z.output<typeof ZBundlePayload>;

export const ZSignedBundle = z.strictObject({
  payload: ZBundlePayload,
  signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/, "must be an Ed25519 signature, base64url"),
});
export type SignedBundle = z.output<typeof ZSignedBundle>;

export type VerifyBundleResult =
  | { ok: true; payload: BundlePayload }
  | { ok: false; reason: "malformed" | "unknown_key" | "bad_signature" | "rollback" | "expired"; message: string };

export interface VerifyBundleOptions {
  /** keyId -> raw Ed25519 public key (base64url) the verifier already trusts. */
  trustedKeys: Record<string, string>;
  /** The version of the last bundle applied; a strictly lower version is a rollback. */
  minVersion?: number;
  now?: Date;
}

/** Signs canonicalize(payload) with the org's key. Throws if the payload is not a valid bundle. */
export function signBundle(
  payload: Omit<BundlePayload, "keyId">,
  key: { keyId: string; privateKeyPem: string },
): SignedBundle {
  const full = ZBundlePayload.parse({ ...payload, keyId: key.keyId });
  return { payload: full, signature: signEd25519(key.privateKeyPem, canonicalize(full)) };
}

/** Checks, in order: shape, key known, signature, version >= minVersion, not expired. */
export function verifyBundle(bundle: unknown, opts: VerifyBundleOptions): VerifyBundleResult {
  const parsed = ZSignedBundle.safeParse(bundle);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: "malformed", message: `${issue?.path.join(".") || "bundle"}: ${issue?.message}` };
  }
  const { payload, signature } = parsed.data;
  const publicKey = Object.hasOwn(opts.trustedKeys, payload.keyId) ? opts.trustedKeys[payload.keyId] : undefined;
  if (publicKey === undefined) {
    return { ok: false, reason: "unknown_key", message: `bundle signed by untrusted key ${payload.keyId}` };
  }
  if (!verifyEd25519(publicKey, canonicalize(payload), signature)) {
    return { ok: false, reason: "bad_signature", message: `signature does not verify with key ${payload.keyId}` };
  }
  if (opts.minVersion !== undefined && payload.version < opts.minVersion) {
    return { ok: false, reason: "rollback", message: `version ${payload.version} is older than ${opts.minVersion}` };
  }
  const now = opts.now ?? new Date();
  if (now.getTime() >= Date.parse(payload.expiresAt)) {
    return { ok: false, reason: "expired", message: `bundle expired at ${payload.expiresAt}` };
  }
  return { ok: true, payload };
}

/**
 * Keys announced by a verified bundle, for the verifier to add to its trusted set (rotation:
 * the new key is announced in a bundle signed by the old one). Only call with a payload that
 * verifyBundle returned; ids that do not derive from their key are dropped.
 */
export function keysToTrustAfter(payload: BundlePayload): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const { keyId, publicKey } of payload.announcedKeys ?? []) {
    if (keyIdOf(publicKey) === keyId) keys[keyId] = publicKey;
  }
  return keys;
}
