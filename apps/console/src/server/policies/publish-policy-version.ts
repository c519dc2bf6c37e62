import { diffPolicies, type TPolicy } from "@luminous/policy";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import { bumpPolicyGeneration } from "../effective-policy/bump-policy-generation";
import { AppError } from "../http/errors";
import type { Ctx } from "../http/guard";
import { requireStepUp } from "../step-up/require-step-up";
import { loadPolicy, loadVersion } from "./load-policy";
import { presentVersion, userLabels } from "./present";

/**
 * Publishing makes a version the one devices enforce (the highest published version of each
 * assigned policy). Bumping the org's policy generation in the same transaction makes every
 * agent's next poll recompile instead of answering 304. Publishing an older version than the
 * published one is refused: to roll back, save the old content as a new version and publish that,
 * so the history says who rolled back and why. Publishing twice is a no-op.
 */
export async function publishPolicyVersion(ctx: Ctx, policyId: string, number: number) {
  const p = await loadPolicy(ctx, policyId);
  await requireStepUp(ctx, "policy.publish");
  const out = await db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "Policy" WHERE "id" = ${p.id}::uuid FOR UPDATE`;
    const v = await loadVersion(ctx, p.id, number, tx);
    if (v.publishedAt) return { version: v, generation: null as number | null };
    const current = await tx.policyVersion.findFirst({
      where: { policyId: p.id, orgId: ctx.orgId, publishedAt: { not: null } },
      orderBy: { number: "desc" },
    });
    if (current && current.number > v.number) {
      throw new AppError(
        "conflict",
        `Version ${current.number} is already published; to roll back, save version ${v.number}'s content as a new version and publish that`,
      );
    }
    const published = await tx.policyVersion.update({
      where: { id: v.id },
      data: { publishedAt: new Date(), publishedById: ctx.principal.userId },
    });
    const generation = await bumpPolicyGeneration(tx, ctx.orgId);
    const changes = diffPolicies((current?.document ?? {}) as unknown as TPolicy, v.document as unknown as TPolicy);
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "policy.publish",
      outcome: "success",
      target: { type: "policy", id: p.id, label: p.name },
      before: { publishedVersion: current?.number ?? null, contentHash: current?.contentHash ?? null },
      after: { publishedVersion: v.number, contentHash: v.contentHash, lockedPaths: v.lockedPaths },
      data: { note: v.note, changes: changes.slice(0, 50), policyGeneration: generation },
    });
    return { version: published, generation };
  });
  return {
    ...presentVersion(out.version, await userLabels(ctx.orgId, [out.version.publishedById])),
    policyGeneration: out.generation,
  };
}
