import { db, type Tx } from "../db";
import { openPrivateKey, type SigningKeyMaterial } from "./key-material";

/** The org's active signing key with its private key decrypted, or null when it has none yet. */
export async function activeSigningKey(orgId: string, tx: Tx = db()): Promise<SigningKeyMaterial | null> {
  const k = await tx.signingKey.findFirst({ where: { orgId, state: "active" }, orderBy: { createdAt: "desc" } });
  return k
    ? { keyId: k.keyId, publicKey: k.publicKey, privateKeyPem: openPrivateKey(orgId, k.privateKeyEnc), state: k.state }
    : null;
}

/** Any of the org's keys (active or retired) by id, decrypted; used to sign for devices that do not know the active key yet. */
export async function signingKeyById(orgId: string, keyId: string, tx: Tx = db()): Promise<SigningKeyMaterial | null> {
  const k = await tx.signingKey.findFirst({ where: { orgId, keyId } });
  return k
    ? { keyId: k.keyId, publicKey: k.publicKey, privateKeyPem: openPrivateKey(orgId, k.privateKeyEnc), state: k.state }
    : null;
}
