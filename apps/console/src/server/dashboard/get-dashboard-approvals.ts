import { db } from "../db";
import type { Ctx } from "../http/guard";

export interface TDashboardApprovals {
  /** Requests waiting for a decision now (pending and not yet expired). */
  pending: number;
  /** The one waiting longest. */
  oldest: {
    id: string;
    createdAt: string;
    expiresAt: string;
    kind: string;
    action: string;
    packages: string[];
    localUser: string;
    hostname: string;
  } | null;
}

/** The dashboard's approvals panel: how many requests wait for a decision, and the oldest of them. */
export async function getDashboardApprovals(ctx: Ctx, now = new Date()): Promise<TDashboardApprovals> {
  const where = { orgId: ctx.orgId, status: "pending", expiresAt: { gt: now } };
  const [pending, oldest] = await Promise.all([
    db().approvalRequest.count({ where }),
    db().approvalRequest.findFirst({
      where,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      include: { device: { select: { hostname: true } } },
    }),
  ]);
  return {
    pending,
    oldest: oldest && {
      id: oldest.id,
      createdAt: oldest.createdAt.toISOString(),
      expiresAt: oldest.expiresAt.toISOString(),
      kind: oldest.kind,
      action: oldest.action,
      packages: oldest.packages,
      localUser: oldest.localUser,
      hostname: oldest.device.hostname,
    },
  };
}
