import { decryptSecret, encryptSecret } from "@luminous/crypto";
import { masterKey } from "../env";

/**
 * Notification secrets at rest (the SMTP password, webhook signing secrets, email bodies in the
 * outbox, which may carry an invitation link), sealed like IdP secrets: AES-256-GCM under
 * MASTER_KEY with associated data naming what and whose, so one row's ciphertext cannot be
 * pasted into another.
 */
export type SealPurpose = "smtp-password" | "webhook-secret" | "email-body";

const aad = (purpose: SealPurpose, id: string) => `notifications:${purpose}:${id}`;

export function seal(purpose: SealPurpose, id: string, plaintext: string): string {
  return encryptSecret(masterKey(), plaintext, aad(purpose, id));
}

export function unseal(purpose: SealPurpose, id: string, envelope: string): string {
  return decryptSecret(masterKey(), envelope, aad(purpose, id));
}
