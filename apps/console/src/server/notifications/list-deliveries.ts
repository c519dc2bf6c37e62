import { db } from "../db";
import type { Ctx } from "../http/guard";
import { presentDelivery } from "./present";
import type { TListDeliveries } from "./schemas";

/** The delivery log: the org's most recent deliveries, newest first. */
export async function listDeliveries(ctx: Ctx, q: TListDeliveries) {
  const rows = await db().notificationDelivery.findMany({
    where: { orgId: ctx.orgId, ...(q.channel ? { channel: q.channel } : {}), ...(q.state ? { state: q.state } : {}) },
    orderBy: { createdAt: "desc" },
    take: q.limit,
  });
  return { items: rows.map(presentDelivery) };
}
