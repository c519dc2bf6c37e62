import { db } from "../db";
import type { Ctx } from "../http/guard";
import { loadPolicy, loadVersion } from "./load-policy";
import { presentAssignments, presentVersion, presentVersionSummary, userLabels } from "./present";

/** A policy with its version history (newest first) and where it is assigned. */
export async function getPolicy(ctx: Ctx, id: string) {
  const p = await loadPolicy(ctx, id);
  const [versions, assignments] = await Promise.all([
    db().policyVersion.findMany({ where: { policyId: p.id, orgId: ctx.orgId }, orderBy: { number: "desc" } }),
    db().policyAssignment.findMany({ where: { policyId: p.id, orgId: ctx.orgId } }),
  ]);
  const users = await userLabels(
    ctx.orgId,
    versions.map((v) => v.publishedById),
  );
  const published = versions.find((v) => v.publishedAt);
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    createdAt: p.createdAt.toISOString(),
    latestVersion: versions[0]?.number ?? 0,
    publishedVersion: published?.number ?? null,
    versions: versions.map((v) => presentVersionSummary(v, users)),
    assignments: await presentAssignments(ctx.orgId, assignments),
  };
}
export type TPolicyDetail = Awaited<ReturnType<typeof getPolicy>>;

export async function getPolicyVersion(ctx: Ctx, id: string, number: number) {
  const p = await loadPolicy(ctx, id);
  const v = await loadVersion(ctx, p.id, number);
  return presentVersion(v, await userLabels(ctx.orgId, [v.publishedById]));
}
