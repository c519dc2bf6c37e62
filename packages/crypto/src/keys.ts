import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hash,
  type KeyObject,
  sign,
  verify,
} from "node:crypto";

// The one-shot crypto.hash: no Hash object per call (every ingested event is hashed).
export function sha256Hex(data: string | Uint8Array): string {
  return hash("sha256", data, "hex");
}

export function base64url(data: Uint8Array): string {
  return Buffer.from(data).toString("base64url");
}

export interface Ed25519KeyPair {
  /** Raw 32-byte public key, base64url. */
  publicKey: string;
  /** PKCS#8 PEM private key. */
  privateKeyPem: string;
  keyId: string;
}

const SPKI_ED25519_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

export function generateEd25519(): Ed25519KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const spki = publicKey.export({ format: "der", type: "spki" });
  const raw = spki.subarray(SPKI_ED25519_PREFIX.length);
  const pub = base64url(raw);
  return {
    publicKey: pub,
    privateKeyPem: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
    keyId: keyIdOf(pub),
  };
}

/** A key id is the first 16 bytes of SHA-256 over the raw public key, base64url. */
export function keyIdOf(publicKey: string): string {
  return base64url(createHash("sha256").update(Buffer.from(publicKey, "base64url")).digest().subarray(0, 16));
}

// Parsing a key costs about as much as verifying with it; servers verify the same device and
// signing keys over and over, so parsed keys are kept (bounded, oldest dropped first).
const KEY_CACHE_MAX = 20_000;
const keyCache = new Map<string, KeyObject>();

function publicKeyObject(publicKey: string): KeyObject {
  const hit = keyCache.get(publicKey);
  if (hit) return hit;
  const raw = Buffer.from(publicKey, "base64url");
  if (raw.length !== 32) throw new TypeError("Ed25519 public key must be 32 bytes");
  const key = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: "der", type: "spki" });
  if (keyCache.size >= KEY_CACHE_MAX) keyCache.delete(keyCache.keys().next().value as string);
  keyCache.set(publicKey, key);
  return key;
}

export function signEd25519(privateKeyPem: string, data: string | Uint8Array): string {
  const key = createPrivateKey(privateKeyPem);
  return base64url(sign(null, typeof data === "string" ? Buffer.from(data) : data, key));
}

export function verifyEd25519(publicKey: string, data: string | Uint8Array, signature: string): boolean {
  try {
    return verify(
      null,
      typeof data === "string" ? Buffer.from(data) : data,
      publicKeyObject(publicKey),
      Buffer.from(signature, "base64url"),
    );
  } catch {
    return false;
  }
}

export function publicKeyFromPrivatePem(privateKeyPem: string): string {
  const spki = createPublicKey(createPrivateKey(privateKeyPem)).export({ format: "der", type: "spki" });
  return base64url(spki.subarray(SPKI_ED25519_PREFIX.length));
}
