import { db } from "../db";
import type { Ctx } from "../http/guard";
import { presentEmailSettings, presentWebhook } from "./present";

/** Settings -> Notifications: the mail server (no password) and the webhook endpoints (no secrets). */
export async function getNotificationSettings(ctx: Ctx) {
  const [email, webhooks] = await Promise.all([
    db().emailSettings.findUnique({ where: { orgId: ctx.orgId } }),
    db().webhookEndpoint.findMany({ where: { orgId: ctx.orgId }, orderBy: { createdAt: "asc" } }),
  ]);
  return { email: presentEmailSettings(email), webhooks: webhooks.map(presentWebhook) };
}

/** Whether invitations and approval emails go out by email (the Users page names its button after it). */
export async function emailConfigured(orgId: string): Promise<boolean> {
  const s = await db().emailSettings.findUnique({ where: { orgId }, select: { enabled: true } });
  return Boolean(s?.enabled);
}
