"use client";
import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api";
import { DeliveryLog } from "./delivery-log";
import { EmailSettingsForm } from "./email-settings-form";
import { TestEmail } from "./test-email";
import { SETTINGS_KEY, type TNotificationSettings } from "./types";
import { Webhooks } from "./webhooks";

export function NotificationSettings({ canEdit, email }: { canEdit: boolean; email: string }) {
  const q = useQuery({ queryKey: SETTINGS_KEY, queryFn: () => api<TNotificationSettings>("/api/v1/notifications") });
  if (q.isLoading) return <div className="loading">Loading…</div>;
  if (q.error || !q.data) return <div className="form-error">Could not load the notification settings.</div>;
  return (
    <>
      <section className="panel" aria-labelledby="email-heading">
        <h2 id="email-heading">Email</h2>
        <p className="muted">
          New approval requests go to everyone who may decide them; decisions and expiries go to the requester&apos;s
          console account (matched by name, as for self-approval) and to the approvals contact. Invitations are sent by
          email too.
        </p>
        <EmailSettingsForm email={q.data.email} canEdit={canEdit} />
        {canEdit && q.data.email.configured && <TestEmail defaultTo={email} />}
      </section>
      <section className="panel" aria-labelledby="webhooks-heading">
        <h2 id="webhooks-heading">Webhooks</h2>
        <p className="muted">
          Events are POSTed as JSON, signed with HMAC-SHA256 in the X-Luminous-Signature header (see
          docs/notifications.md), and retried with backoff for about an hour and a half.
        </p>
        <Webhooks items={q.data.webhooks} canEdit={canEdit} />
      </section>
      <section className="panel" aria-labelledby="deliveries-heading">
        <h2 id="deliveries-heading">Delivery log</h2>
        <DeliveryLog />
      </section>
    </>
  );
}
