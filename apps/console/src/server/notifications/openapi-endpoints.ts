import type { Endpoint } from "../openapi/build";
import { ZEmailSettingsInput, ZListDeliveries, ZTestEmail, ZWebhookInput } from "./schemas";

const tag = "Notifications";

export const notificationEndpoints: Endpoint[] = [
  {
    method: "get",
    path: "/api/v1/notifications",
    summary: "The mail server settings (password shown only as set or not) and the webhook endpoints (no secrets)",
    tag,
    permission: "settings.read",
  },
  {
    method: "put",
    path: "/api/v1/notifications/email",
    summary:
      "Save the mail server: host, port, security, sign-in, from address, approvals contact (leave out password to keep it)",
    tag,
    permission: "settings.update",
    body: ZEmailSettingsInput,
  },
  {
    method: "post",
    path: "/api/v1/notifications/email/test",
    summary: "Send a test email now through the saved settings; answers { ok, message }",
    tag,
    permission: "settings.update",
    body: ZTestEmail,
  },
  {
    method: "post",
    path: "/api/v1/notifications/webhooks",
    summary: "Add a signed webhook endpoint; the answer carries its signing secret, this once",
    tag,
    permission: "settings.update",
    body: ZWebhookInput,
    status: 201,
  },
  {
    method: "delete",
    path: "/api/v1/notifications/webhooks/{id}",
    summary: "Remove a webhook endpoint (its pending deliveries fail; the log keeps the past ones)",
    tag,
    permission: "settings.update",
  },
  {
    method: "get",
    path: "/api/v1/notifications/deliveries",
    summary: "The delivery log: recent emails and webhook calls, newest first, with state, attempts and last error",
    tag,
    permission: "settings.read",
    query: ZListDeliveries,
  },
  {
    method: "get",
    path: "/api/v1/users/invitation-delivery",
    summary: "Whether invitations are also sent by email ({ email: true } when a mail server is configured)",
    tag: "Users",
    permission: "user.create",
  },
];
