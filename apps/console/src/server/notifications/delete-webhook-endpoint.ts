import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import { notFound } from "../http/errors";
import type { Ctx } from "../http/guard";
import { presentWebhook } from "./present";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Removes an endpoint; its pending deliveries fail as such, and the delivery log keeps its past ones. */
export async function deleteWebhookEndpoint(ctx: Ctx, id: string) {
  if (!UUID_RE.test(id)) throw notFound("Webhook endpoint");
  await db().$transaction(async (tx) => {
    const w = await tx.webhookEndpoint.findFirst({ where: { id, orgId: ctx.orgId } });
    if (!w) throw notFound("Webhook endpoint");
    await tx.notificationDelivery.updateMany({
      where: { orgId: ctx.orgId, endpointId: id, state: "pending" },
      data: { state: "failed", lastError: "The webhook endpoint was removed" },
    });
    await tx.webhookEndpoint.delete({ where: { id } });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "settings.webhook.delete",
      outcome: "success",
      target: { type: "webhook", id, label: w.name },
      before: presentWebhook(w),
    });
  });
  return { deleted: true };
}
