import type { EmailSettings, NotificationDelivery } from "@luminous/db";
import { db } from "../db";
import { EgressFailure } from "../http/egress-failure";
import { egressFetch } from "../http/egress-fetch";
import { log } from "../log";
import { unseal } from "./sealed";
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from "./sign-webhook";
import { SmtpFailure, sendEmail } from "./smtp-send";

/** After this many attempts a delivery is failed for good (about an hour and a half of retries). */
export const MAX_ATTEMPTS = 8;
const BASE_DELAY_S = 30;
const MAX_DELAY_S = 3600;
/** A claimed delivery is due again after this, should its worker die mid-send. */
const LEASE_S = 120;

/** Exponential backoff with jitter: 30 s, 1 min, 2 min ... capped at an hour, each drawn from [d/2, d]. */
export function retryDelaySeconds(attempt: number, random = Math.random()): number {
  const d = Math.min(MAX_DELAY_S, BASE_DELAY_S * 2 ** Math.max(0, attempt - 1));
  return Math.round(d / 2 + (random * d) / 2);
}

class Permanent extends Error {}

async function deliverWebhook(d: NotificationDelivery): Promise<void> {
  if (!d.endpointId) throw new Permanent("The webhook endpoint was removed");
  const endpoint = await db().webhookEndpoint.findUnique({ where: { id: d.endpointId } });
  if (!endpoint) throw new Permanent("The webhook endpoint was removed");
  if (!endpoint.enabled) throw new Permanent("The webhook endpoint is turned off");
  const secret = unseal("webhook-secret", endpoint.id, endpoint.secretEnc);
  const timestamp = Math.floor(Date.now() / 1000);
  await egressFetch(endpoint.url, {
    method: "POST",
    body: d.body,
    maxRedirects: 0,
    timeoutMs: 10_000,
    maxBytes: 64 * 1024,
    headers: {
      "content-type": "application/json",
      "user-agent": "LuminousConsole-Webhook/1",
      "x-luminous-event": d.event,
      "x-luminous-delivery": d.id,
      [TIMESTAMP_HEADER]: String(timestamp),
      [SIGNATURE_HEADER]: signWebhook(secret, timestamp, d.body),
    },
  });
}

async function deliverEmail(d: NotificationDelivery, settings: EmailSettings | null): Promise<void> {
  if (!settings) throw new Permanent("No mail server is configured");
  if (!settings.enabled) throw new Permanent("Email is turned off in the notification settings");
  const { subject, text } = JSON.parse(unseal("email-body", d.id, d.body)) as { subject: string; text: string };
  await sendEmail(settings, { to: [d.target], subject, text });
}

/**
 * One round of the outbox: claims due deliveries (FOR UPDATE SKIP LOCKED, so several workers
 * share the queue without sending anything twice), sends each, and records the outcome: delivered,
 * due again after a backoff with jitter, or failed after MAX_ATTEMPTS or a permanent refusal.
 */
export async function deliverDueNotifications(
  opts: { now?: Date; limit?: number } = {},
): Promise<{ claimed: number; delivered: number; retrying: number; failed: number }> {
  const now = opts.now ?? new Date();
  const lease = new Date(now.getTime() + LEASE_S * 1000);
  const claimed = await db().$queryRaw<NotificationDelivery[]>`
    UPDATE "NotificationDelivery" SET "attempts" = "attempts" + 1, "nextAttemptAt" = ${lease}
    WHERE "id" IN (
      SELECT "id" FROM "NotificationDelivery"
      WHERE "state" = 'pending' AND "nextAttemptAt" <= ${now}
      ORDER BY "nextAttemptAt" LIMIT ${opts.limit ?? 50}
      FOR UPDATE SKIP LOCKED)
    RETURNING *`;
  const out = { claimed: claimed.length, delivered: 0, retrying: 0, failed: 0 };
  const settings = new Map<string, Promise<EmailSettings | null>>();
  const settingsOf = (orgId: string) => {
    if (!settings.has(orgId)) settings.set(orgId, db().emailSettings.findUnique({ where: { orgId } }));
    return settings.get(orgId)!;
  };
  await Promise.all(
    claimed.map(async (d) => {
      try {
        if (d.channel === "webhook") await deliverWebhook(d);
        else await deliverEmail(d, await settingsOf(d.orgId));
        await db().notificationDelivery.update({
          where: { id: d.id },
          data: { state: "delivered", deliveredAt: new Date(), lastError: null },
        });
        out.delivered += 1;
      } catch (e) {
        const known = e instanceof EgressFailure || e instanceof SmtpFailure || e instanceof Permanent;
        const message = known ? (e as Error).message : "Delivery failed";
        if (!known) log("error", "notification delivery failed", { id: d.id, err: e });
        const final = e instanceof Permanent || (e instanceof SmtpFailure && e.permanent) || d.attempts >= MAX_ATTEMPTS;
        const next = new Date(Date.now() + retryDelaySeconds(d.attempts) * 1000);
        await db().notificationDelivery.update({
          where: { id: d.id },
          data: final ? { state: "failed", lastError: message } : { lastError: message, nextAttemptAt: next },
        });
        if (final) out.failed += 1;
        else out.retrying += 1;
      }
    }),
  );
  return out;
}
