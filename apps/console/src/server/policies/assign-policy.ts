import { recordAudit } from "../audit/record-audit";
import { db, type Tx } from "../db";
import { bumpPolicyGeneration } from "../effective-policy/bump-policy-generation";
import { AppError, notFound } from "../http/errors";
import type { Ctx } from "../http/guard";
import { isUuid, loadPolicy } from "./load-policy";
import { presentAssignments } from "./present";
import type { TAssignPolicy } from "./schemas";

async function targetLabel(tx: Tx, ctx: Ctx, input: TAssignPolicy): Promise<string> {
  if (input.scope === "org") return "Whole organisation";
  if (input.scope === "group") {
    const g = await tx.group.findFirst({ where: { id: input.groupId, orgId: ctx.orgId }, select: { name: true } });
    if (!g)
      throw new AppError("validation", "Unknown group", { fields: [{ path: "groupId", message: "Group not found" }] });
    return g.name;
  }
  const d = await tx.device.findFirst({ where: { id: input.deviceId, orgId: ctx.orgId }, select: { hostname: true } });
  if (!d)
    throw new AppError("validation", "Unknown device", { fields: [{ path: "deviceId", message: "Device not found" }] });
  return d.hostname;
}

/**
 * Assigns a policy to the org, a group or a device. Idempotent: the same assignment twice is one
 * row (checked here, since a unique index treats the NULL group/device columns as distinct).
 * Bumps the policy generation: affected devices pick the change up on their next poll.
 */
export async function assignPolicy(ctx: Ctx, policyId: string, input: TAssignPolicy) {
  const p = await loadPolicy(ctx, policyId);
  const groupId = input.scope === "group" ? input.groupId : null;
  const deviceId = input.scope === "device" ? input.deviceId : null;
  const { row, created } = await db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "Policy" WHERE "id" = ${p.id}::uuid FOR UPDATE`;
    const label = await targetLabel(tx, ctx, input);
    const existing = await tx.policyAssignment.findFirst({
      where: { orgId: ctx.orgId, policyId: p.id, scope: input.scope, groupId, deviceId },
    });
    if (existing) return { row: existing, created: false };
    const row = await tx.policyAssignment.create({
      data: { orgId: ctx.orgId, policyId: p.id, scope: input.scope, groupId, deviceId },
    });
    await bumpPolicyGeneration(tx, ctx.orgId);
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "policy.assign",
      outcome: "success",
      target: { type: "policy", id: p.id, label: p.name },
      after: { scope: input.scope, target: label, groupId, deviceId },
    });
    return { row, created: true };
  });
  const [view] = await presentAssignments(ctx.orgId, [row]);
  return { assignment: view!, created };
}

export async function unassignPolicy(ctx: Ctx, policyId: string, assignmentId: string) {
  const p = await loadPolicy(ctx, policyId);
  await db().$transaction(async (tx) => {
    const a = isUuid(assignmentId)
      ? await tx.policyAssignment.findFirst({ where: { id: assignmentId, policyId: p.id, orgId: ctx.orgId } })
      : null;
    if (!a) throw notFound("Assignment");
    const [view] = await presentAssignments(ctx.orgId, [a]);
    await tx.policyAssignment.delete({ where: { id: a.id } });
    await bumpPolicyGeneration(tx, ctx.orgId);
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "policy.unassign",
      outcome: "success",
      target: { type: "policy", id: p.id, label: p.name },
      before: { scope: a.scope, target: view?.target.label, groupId: a.groupId, deviceId: a.deviceId },
    });
  });
}
