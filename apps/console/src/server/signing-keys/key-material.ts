import { decryptSecret, encryptSecret } from "@luminous/crypto";
import { masterKey } from "../env";

/** AAD binding an encrypted private key to its org, so a ciphertext cannot be moved to another org. */
const aad = (orgId: string) => `signing-key:${orgId}`;

export function sealPrivateKey(orgId: string, privateKeyPem: string): string {
  return encryptSecret(masterKey(), privateKeyPem, aad(orgId));
}

export function openPrivateKey(orgId: string, privateKeyEnc: string): string {
  return decryptSecret(masterKey(), privateKeyEnc, aad(orgId));
}

/** A signing key ready to sign bundles (private key decrypted in memory only). */
export interface SigningKeyMaterial {
  keyId: string;
  publicKey: string;
  privateKeyPem: string;
  state: string;
}
