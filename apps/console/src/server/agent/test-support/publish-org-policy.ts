import { db } from "../../db";
import { bumpPolicyGeneration } from "../../effective-policy/bump-policy-generation";

/** Tests only: publishes a one-version policy assigned to the whole org, so its devices' next poll gets a new bundle. */
export async function publishOrgPolicy(orgId: string, name: string, document: Record<string, unknown>) {
  await db().$transaction(async (tx) => {
    const p = await tx.policy.create({ data: { orgId, name } });
    await tx.policyVersion.create({
      data: {
        orgId,
        policyId: p.id,
        number: 1,
        document: document as object,
        source: JSON.stringify(document),
        contentHash: name,
        lockedPaths: [],
        authorLabel: "test",
        publishedAt: new Date(),
      },
    });
    await tx.policyAssignment.create({ data: { orgId, policyId: p.id, scope: "org" } });
    await bumpPolicyGeneration(tx, orgId);
  });
}
