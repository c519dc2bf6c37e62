import type { Prisma } from "@luminous/db";
import { db } from "../db";
import type { Ctx } from "../http/guard";
import { expireApprovalRequests } from "./expire-approval-requests";
import { presentRequest } from "./present";
import type { TListApprovals } from "./schemas";

/** The inbox: every request of the org, newest first, filtered; pending count for the nav badge. */
export async function listApprovalRequests(ctx: Ctx, q: TListApprovals) {
  await expireApprovalRequests(ctx.orgId);
  const where: Prisma.ApprovalRequestWhereInput = {
    orgId: ctx.orgId,
    ...(q.status !== "all" ? { status: q.status } : {}),
    ...(q.deviceId ? { deviceId: q.deviceId } : {}),
    ...(q.user ? { localUser: { equals: q.user, mode: "insensitive" } } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(q.breakGlass ? { breakGlass: q.breakGlass === "true" } : {}),
  };
  const [rows, total, pending] = await Promise.all([
    db().approvalRequest.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
      include: { decisions: { orderBy: { createdAt: "asc" } }, device: { select: { hostname: true } } },
    }),
    db().approvalRequest.count({ where }),
    countPendingApprovals(ctx.orgId),
  ]);
  return { items: rows.map(presentRequest), total, page: q.page, pageSize: q.pageSize, pending };
}

export function countPendingApprovals(orgId: string): Promise<number> {
  return db().approvalRequest.count({ where: { orgId, status: "pending", expiresAt: { gt: new Date() } } });
}
