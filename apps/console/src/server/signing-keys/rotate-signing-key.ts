import type { Tx } from "../db";
import { bumpPolicyGeneration } from "../effective-policy/bump-policy-generation";
import { createActiveKey } from "./ensure-signing-key";

/**
 * Makes a fresh key the org's active key and retires the old one. Retired keys are kept (with
 * their private key): a device that does not yet trust the new key gets its next bundle signed by
 * a key it does trust, announcing the new one; once the agent reports the new key in its
 * heartbeat (knownKeyIds), its bundles are signed by the new key. Bumping the policy generation
 * makes every device's next poll re-issue its bundle instead of answering 304.
 */
export async function rotateSigningKey(
  tx: Tx,
  orgId: string,
): Promise<{ keyId: string; publicKey: string; retiredKeyIds: string[] }> {
  await tx.$executeRaw`SELECT 1 FROM "Org" WHERE "id" = ${orgId}::uuid FOR UPDATE`;
  const old = await tx.signingKey.findMany({ where: { orgId, state: "active" }, select: { keyId: true } });
  await tx.signingKey.updateMany({
    where: { orgId, state: "active" },
    data: { state: "retired", retiredAt: new Date() },
  });
  const key = await createActiveKey(tx, orgId);
  await bumpPolicyGeneration(tx, orgId);
  return { ...key, retiredKeyIds: old.map((k) => k.keyId) };
}
