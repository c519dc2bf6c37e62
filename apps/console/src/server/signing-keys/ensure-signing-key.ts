import { generateEd25519 } from "@luminous/crypto";
import type { Tx } from "../db";
import { sealPrivateKey } from "./key-material";

/**
 * The org's active policy-signing key, created on first use. One active key per org: the org
 * row is locked so two concurrent callers cannot both create one.
 */
export async function ensureSigningKey(tx: Tx, orgId: string): Promise<{ keyId: string; publicKey: string }> {
  await tx.$executeRaw`SELECT 1 FROM "Org" WHERE "id" = ${orgId}::uuid FOR UPDATE`;
  const existing = await tx.signingKey.findFirst({
    where: { orgId, state: "active" },
    select: { keyId: true, publicKey: true },
    orderBy: { createdAt: "desc" },
  });
  if (existing) return existing;
  return createActiveKey(tx, orgId);
}

export async function createActiveKey(tx: Tx, orgId: string): Promise<{ keyId: string; publicKey: string }> {
  const k = generateEd25519();
  await tx.signingKey.create({
    data: { orgId, keyId: k.keyId, publicKey: k.publicKey, privateKeyEnc: sealPrivateKey(orgId, k.privateKeyPem) },
  });
  return { keyId: k.keyId, publicKey: k.publicKey };
}
