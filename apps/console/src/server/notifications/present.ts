import type { EmailSettings, NotificationDelivery, WebhookEndpoint } from "@luminous/db";

/** The mail server settings as the API shows them: whether a password is stored, never the password. */
export function presentEmailSettings(s: EmailSettings | null) {
  if (!s) return { configured: false as const };
  return {
    configured: true as const,
    enabled: s.enabled,
    host: s.host,
    port: s.port,
    security: s.security,
    username: s.username ?? "",
    passwordSet: Boolean(s.passwordEnc),
    caCert: s.caCert ?? "",
    fromAddress: s.fromAddress,
    approvalsContact: s.approvalsContact,
    updatedAt: s.updatedAt.toISOString(),
  };
}

/** A webhook endpoint without its secret (shown once, when created). */
export function presentWebhook(w: WebhookEndpoint) {
  return {
    id: w.id,
    name: w.name,
    url: w.url,
    events: w.events,
    enabled: w.enabled,
    createdAt: w.createdAt.toISOString(),
  };
}

/** A row of the delivery log: what, to whom, how it went; never the body. */
export function presentDelivery(d: NotificationDelivery) {
  return {
    id: d.id,
    channel: d.channel,
    target: d.target,
    event: d.event,
    summary: d.summary,
    state: d.state,
    attempts: d.attempts,
    nextAttemptAt: d.state === "pending" ? d.nextAttemptAt.toISOString() : null,
    lastError: d.lastError,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
  };
}
