import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import { bumpPolicyGeneration } from "../effective-policy/bump-policy-generation";
import { AppError } from "../http/errors";
import type { Ctx } from "../http/guard";
import { loadGroup } from "./load-group";
import { presentGroup } from "./present";
import type { TCreateGroup, TUpdateGroup } from "./schemas";

function nameTaken(name: string) {
  return new AppError("conflict", `A group named "${name}" already exists`, {
    fields: [{ path: "name", message: "This name is already in use" }],
  });
}

export async function createGroup(ctx: Ctx, input: TCreateGroup) {
  const g = await db().$transaction(async (tx) => {
    if (await tx.group.findFirst({ where: { orgId: ctx.orgId, name: input.name }, select: { id: true } })) {
      throw nameTaken(input.name);
    }
    const g = await tx.group.create({ data: { orgId: ctx.orgId, name: input.name, description: input.description } });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "group.create",
      outcome: "success",
      target: { type: "group", id: g.id, label: g.name },
      after: { name: g.name, description: g.description },
    });
    return g;
  });
  return presentGroup(g);
}

export async function updateGroup(ctx: Ctx, id: string, input: TUpdateGroup) {
  const before = await loadGroup(ctx, id);
  const g = await db().$transaction(async (tx) => {
    if (input.name && input.name !== before.name) {
      const clash = await tx.group.findFirst({ where: { orgId: ctx.orgId, name: input.name }, select: { id: true } });
      if (clash) throw nameTaken(input.name);
    }
    const g = await tx.group.update({
      where: { id },
      data: input,
      include: { _count: { select: { memberships: true } } },
    });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: input.name && input.name !== before.name ? "group.rename" : "group.update",
      outcome: "success",
      target: { type: "group", id, label: g.name },
      before: { name: before.name, description: before.description },
      after: { name: g.name, description: g.description },
    });
    return g;
  });
  return presentGroup(g);
}

export async function deleteGroup(ctx: Ctx, id: string) {
  const before = await loadGroup(ctx, id);
  await db().$transaction(async (tx) => {
    // Policies assigned to the group and its devices' membership go with it; devices fall back
    // to the org baseline, so their bundles must be recompiled.
    const assignments = await tx.policyAssignment.deleteMany({ where: { orgId: ctx.orgId, groupId: id } });
    const devices = await tx.device.count({ where: { orgId: ctx.orgId, groupId: id } });
    await tx.group.delete({ where: { id } });
    if (assignments.count > 0 || devices > 0) await bumpPolicyGeneration(tx, ctx.orgId);
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "group.delete",
      outcome: "success",
      target: { type: "group", id, label: before.name },
      before: {
        name: before.name,
        description: before.description,
        members: before._count.memberships,
        policyAssignments: assignments.count,
        devices,
      },
    });
  });
}
