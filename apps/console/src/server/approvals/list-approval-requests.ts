import type { Prisma } from "@luminous/db";
import { db } from "../db";
import type { Ctx } from "../http/guard";
import { expireApprovalRequests } from "./expire-approval-requests";
import { presentRequest } from "./present";
import type { TListApprovals } from "./schemas";

function statusFilter(status: TListApprovals["status"]): Prisma.ApprovalRequestWhereInput {
  if (status === "all") return {};
  if (status === "decided") return { status: { in: ["approved", "denied"] } };
  if (status === "reviews") return { breakGlass: true, reviewClosedAt: null };
  return { status };
}

/** The inbox: every request of the org, newest first, filtered; pending count for the nav badge. */
export async function listApprovalRequests(ctx: Ctx, q: TListApprovals) {
  await expireApprovalRequests(ctx.orgId);
  const where: Prisma.ApprovalRequestWhereInput = {
    orgId: ctx.orgId,
    ...statusFilter(q.status),
    ...(q.deviceId ? { deviceId: q.deviceId } : {}),
    ...(q.host ? { device: { hostname: { contains: q.host, mode: "insensitive" } } } : {}),
    ...(q.user ? { localUser: { equals: q.user, mode: "insensitive" } } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(q.breakGlass ? { breakGlass: q.breakGlass === "true" } : {}),
    ...(q.from || q.to ? { createdAt: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lt: q.to } : {}) } } : {}),
  };
  const [rows, total, pending, reviews] = await Promise.all([
    db().approvalRequest.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
      include: { decisions: { orderBy: { createdAt: "asc" } }, device: { select: { hostname: true } } },
    }),
    db().approvalRequest.count({ where }),
    countPendingApprovals(ctx.orgId),
    db().approvalRequest.count({ where: { orgId: ctx.orgId, breakGlass: true, reviewClosedAt: null } }),
  ]);
  return { items: rows.map(presentRequest), total, page: q.page, pageSize: q.pageSize, pending, openReviews: reviews };
}

export function countPendingApprovals(orgId: string): Promise<number> {
  return db().approvalRequest.count({ where: { orgId, status: "pending", expiresAt: { gt: new Date() } } });
}
