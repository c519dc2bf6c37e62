export { canonicalize, canonicalizeExcept } from "./canonical";
export { uuidv7 } from "./ids";
export {
  base64url,
  type Ed25519KeyPair,
  generateEd25519,
  keyIdOf,
  publicKeyFromPrivatePem,
  sha256Hex,
  signEd25519,
  verifyEd25519,
} from "./keys";
export { decryptSecret, encryptSecret, hashToken, newToken, safeEqual } from "./secrets";
