import { checkApprover, tally, ZApprovals } from "@luminous/policy";
import { db } from "../db";
import { notFound } from "../http/errors";
import type { Ctx } from "../http/guard";
import { expireApprovalRequests } from "./expire-approval-requests";
import { presentRequest } from "./present";
import { approverOf } from "./requester-match";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One request with its decisions, each level's tally, its device, the requester's other requests
 * (history) and whether the viewer may decide it now (and if not, why: the reason the server would
 * give when they try).
 */
export async function getApprovalRequest(ctx: Ctx, id: string) {
  if (!UUID_RE.test(id)) throw notFound("Approval request");
  await expireApprovalRequests(ctx.orgId);
  const r = await db().approvalRequest.findFirst({
    where: { id, orgId: ctx.orgId },
    include: {
      decisions: { orderBy: { createdAt: "asc" } },
      device: { select: { hostname: true, os: true, osVersion: true, nixosVersion: true, groupId: true } },
    },
  });
  if (!r) throw notFound("Approval request");
  const history = await db().approvalRequest.findMany({
    where: { orgId: ctx.orgId, localUser: r.localUser, id: { not: r.id } },
    orderBy: { createdAt: "desc" },
    take: 20,
    include: { device: { select: { hostname: true } } },
  });
  const rules = ZApprovals.parse(r.rules);
  const viewer = await db().user.findFirst({
    where: { id: ctx.principal.userId, orgId: ctx.orgId },
    select: { email: true, name: true, role: true, memberships: { select: { group: { select: { name: true } } } } },
  });
  const check = viewer ? checkApprover(rules, approverOf(viewer, r.localUser), new Date()) : null;
  const votes = r.decisions.map((d) => ({
    userId: d.userId,
    level: d.level,
    verdict: d.verdict === "approve" ? ("approve" as const) : ("deny" as const),
  }));
  return {
    ...presentRequest(r),
    levels: tally(rules, votes).levels.map((l) => ({
      ...l,
      group: rules.levels.find((x) => x.name === l.name)?.group ?? null,
      timeWindow: rules.levels.find((x) => x.name === l.name)?.time_window ?? null,
    })),
    reasonOnApprove: rules.reason_on_approve,
    viewer: {
      voted: r.decisions.some((d) => d.userId === ctx.principal.userId),
      mayDecide: check?.ok ?? false,
      reason: check && !check.ok ? check.reason : null,
      message: check && !check.ok ? check.message : null,
    },
    device: { id: r.deviceId, hostname: r.device.hostname, os: r.device.os, nixosVersion: r.device.nixosVersion },
    rules: r.rules,
    history: history.map((h) => ({
      id: h.id,
      status: h.status,
      action: h.action,
      used: h.usedAt ? { success: h.useSuccess } : null,
      packages: h.packages,
      hostname: h.device.hostname,
      createdAt: h.createdAt.toISOString(),
      breakGlass: h.breakGlass,
    })),
  };
}
export type TApprovalDetail = Awaited<ReturnType<typeof getApprovalRequest>>;
