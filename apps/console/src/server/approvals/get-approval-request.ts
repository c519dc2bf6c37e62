import { db } from "../db";
import { notFound } from "../http/errors";
import type { Ctx } from "../http/guard";
import { expireApprovalRequests } from "./expire-approval-requests";
import { presentRequest } from "./present";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One request with its decisions, its device and the requester's earlier requests (history). */
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
  return {
    ...presentRequest(r),
    device: { id: r.deviceId, hostname: r.device.hostname, os: r.device.os, nixosVersion: r.device.nixosVersion },
    rules: r.rules,
    history: history.map((h) => ({
      id: h.id,
      status: h.status,
      action: h.action,
      packages: h.packages,
      hostname: h.device.hostname,
      createdAt: h.createdAt.toISOString(),
      breakGlass: h.breakGlass,
    })),
  };
}
