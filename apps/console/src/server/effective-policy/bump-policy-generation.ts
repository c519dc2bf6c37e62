import type { Tx } from "../db";

/**
 * Call in the same transaction as anything that can change what a device's bundle contains:
 * publishing a policy version, adding or removing an assignment, moving a device to another
 * group, rotating the signing key. Devices compare their bundle's generation with this counter,
 * so an unchanged org answers polls with 304 without compiling anything.
 */
export async function bumpPolicyGeneration(tx: Tx, orgId: string): Promise<number> {
  const org = await tx.org.update({
    where: { id: orgId },
    data: { policyGeneration: { increment: 1 } },
    select: { policyGeneration: true },
  });
  return org.policyGeneration;
}
