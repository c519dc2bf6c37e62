import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import type { Ctx } from "../http/guard";
import { loadUser } from "../users/get-user";
import { presentUser } from "../users/present";
import { loadGroup } from "./load-group";

export async function listMembers(ctx: Ctx, groupId: string) {
  await loadGroup(ctx, groupId);
  const rows = await db().membership.findMany({
    where: { groupId, orgId: ctx.orgId },
    include: { user: true },
    orderBy: { user: { name: "asc" } },
  });
  return { items: rows.map((m) => ({ ...presentUser(m.user), addedAt: m.createdAt.toISOString() })) };
}

export async function addMember(ctx: Ctx, groupId: string, userId: string) {
  const g = await loadGroup(ctx, groupId);
  const u = await loadUser(ctx, userId);
  await db().$transaction(async (tx) => {
    const exists = await tx.membership.findUnique({ where: { groupId_userId: { groupId, userId } } });
    if (exists) return;
    await tx.membership.create({ data: { orgId: ctx.orgId, groupId, userId } });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "group.member.add",
      outcome: "success",
      target: { type: "group", id: groupId, label: g.name },
      after: { member: u.email },
      data: { userId },
    });
  });
  return { groupId, userId };
}

export async function removeMember(ctx: Ctx, groupId: string, userId: string) {
  const g = await loadGroup(ctx, groupId);
  const u = await loadUser(ctx, userId);
  await db().$transaction(async (tx) => {
    const r = await tx.membership.deleteMany({ where: { groupId, userId, orgId: ctx.orgId } });
    if (r.count === 0) return;
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "group.member.remove",
      outcome: "success",
      target: { type: "group", id: groupId, label: g.name },
      before: { member: u.email },
      data: { userId },
    });
  });
}
