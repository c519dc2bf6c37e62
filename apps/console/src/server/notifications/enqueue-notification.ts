import { randomUUID } from "node:crypto";
import type { Tx } from "../db";
import type { TWebhookEvent } from "./schemas";
import { seal } from "./sealed";

/** The worker sleeps on this channel between rounds, so a queued delivery goes out at once. */
export const QUEUED_CHANNEL = "notification_queued";
export const QUEUED_KEY = "queued";

export interface EmailMessage {
  /** e.g. approval.requested, user.invited */
  event: string;
  subject: string;
  text: string;
}

async function wakeWorker(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${QUEUED_CHANNEL}, ${QUEUED_KEY})`;
}

/**
 * Queues one email per recipient in the caller's transaction (it commits or rolls back with the
 * event it reports). Nothing is queued when the org has no mail server, or it is turned off.
 * The body is sealed at rest: an invitation carries its one-time link.
 */
export async function enqueueEmail(tx: Tx, orgId: string, to: string[], message: EmailMessage): Promise<number> {
  const settings = await tx.emailSettings.findUnique({ where: { orgId }, select: { enabled: true } });
  // A held invitation's placeholder address (under .invalid) is nobody's mailbox.
  const recipients = [...new Set(to.map((a) => a.trim().toLowerCase()))].filter((a) => a && !a.endsWith(".invalid"));
  if (!settings?.enabled || recipients.length === 0) return 0;
  const subject = message.subject.replace(/[\r\n]+/g, " ").slice(0, 200);
  await tx.notificationDelivery.createMany({
    data: recipients.map((target) => {
      const id = randomUUID();
      return {
        id,
        orgId,
        channel: "email",
        target,
        event: message.event,
        summary: subject,
        body: seal("email-body", id, JSON.stringify({ subject, text: message.text })),
      };
    }),
  });
  await wakeWorker(tx);
  return recipients.length;
}

/**
 * Queues the event for every enabled endpoint of the org subscribed to it. The body is fixed
 * here (id, type, time, data) and signed at each attempt with a fresh timestamp.
 */
export async function enqueueWebhookEvent(
  tx: Tx,
  orgId: string,
  type: TWebhookEvent,
  data: Record<string, unknown>,
): Promise<number> {
  const endpoints = await tx.webhookEndpoint.findMany({
    where: { orgId, enabled: true, events: { has: type } },
    select: { id: true, url: true },
  });
  if (endpoints.length === 0) return 0;
  const createdAt = new Date().toISOString();
  await tx.notificationDelivery.createMany({
    data: endpoints.map((e) => {
      const id = randomUUID();
      return {
        id,
        orgId,
        channel: "webhook",
        target: e.url,
        endpointId: e.id,
        event: type,
        summary: type,
        body: JSON.stringify({ id, type, createdAt, orgId, data }),
      };
    }),
  });
  await wakeWorker(tx);
  return endpoints.length;
}
