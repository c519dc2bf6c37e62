import { randomUUID } from "node:crypto";
import { newToken } from "@luminous/crypto";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import { EgressFailure } from "../http/egress-failure";
import { checkEgressUrl } from "../http/egress-policy";
import { AppError } from "../http/errors";
import type { Ctx } from "../http/guard";
import { presentWebhook } from "./present";
import type { TWebhook } from "./schemas";
import { seal } from "./sealed";

const MAX_ENDPOINTS = 20;

/**
 * Adds a webhook endpoint. The URL must pass the egress policy now (scheme, no credentials, not
 * the console, a literal address allowed); its host is checked again at every delivery. The
 * signing secret is generated here, sealed at rest, and returned this once.
 */
export async function createWebhookEndpoint(ctx: Ctx, input: TWebhook) {
  try {
    checkEgressUrl(input.url);
  } catch (e) {
    const message = e instanceof EgressFailure ? e.message : "The URL is not valid";
    throw new AppError("validation", message, { fields: [{ path: "url", message }] });
  }
  const count = await db().webhookEndpoint.count({ where: { orgId: ctx.orgId } });
  if (count >= MAX_ENDPOINTS) throw new AppError("conflict", `At most ${MAX_ENDPOINTS} webhook endpoints`);
  const id = randomUUID();
  const secret = newToken("lnxw");
  const created = await db().$transaction(async (tx) => {
    const w = await tx.webhookEndpoint.create({
      data: {
        id,
        orgId: ctx.orgId,
        name: input.name,
        url: input.url,
        events: [...new Set(input.events)],
        enabled: input.enabled,
        secretEnc: seal("webhook-secret", id, secret),
      },
    });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "settings.webhook.create",
      outcome: "success",
      target: { type: "webhook", id, label: input.name },
      after: presentWebhook(w),
    });
    return w;
  });
  return { ...presentWebhook(created), secret };
}
