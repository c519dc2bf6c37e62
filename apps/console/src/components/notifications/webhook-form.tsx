"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Field, FormError, useZodForm } from "@/components/form";
import { api } from "@/lib/api";
import { type TWebhookInput, WEBHOOK_EVENTS, ZWebhookInput } from "@/server/notifications/schemas";
import { SETTINGS_KEY, type TWebhookView } from "./types";

export const EVENT_LABELS: Record<(typeof WEBHOOK_EVENTS)[number], string> = {
  "approval.requested": "Approval requested",
  "approval.decided": "Approval decided",
  "approval.expired": "Approval expired",
  "approval.break_glass": "Break-glass used",
  "user.invited": "User invited",
};

/** Adds an endpoint; the answer's signing secret goes to `onCreated` to be shown once. */
export function WebhookForm({ onCreated }: { onCreated: (w: TWebhookView & { secret: string }) => void }) {
  const qc = useQueryClient();
  const f = useZodForm(ZWebhookInput, { name: "", url: "", events: [...WEBHOOK_EVENTS.slice(0, 4)] });
  const create = useMutation({
    mutationFn: (body: TWebhookInput) =>
      api<TWebhookView & { secret: string }>("/api/v1/notifications/webhooks", { method: "POST", body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: SETTINGS_KEY }),
  });
  const events = (f.values.events as string[]) ?? [];
  return (
    <form
      noValidate
      aria-label="Add a webhook endpoint"
      onSubmit={(e) => {
        e.preventDefault();
        void f.submit(async (body) => {
          onCreated(await create.mutateAsync(body));
          f.reset();
        });
      }}
    >
      <FormError message={f.formError} />
      <div className="form-columns">
        <Field
          label="Name"
          name="webhookName"
          value={f.values.name}
          error={f.errors.name}
          onChange={(v) => f.set("name", v)}
        />
        <Field
          label="URL (https://)"
          name="webhookUrl"
          type="url"
          value={f.values.url}
          error={f.errors.url}
          placeholder="https://hooks.example.com/luminous"
          onChange={(v) => f.set("url", v)}
        />
      </div>
      <fieldset className="fieldset">
        <legend>Events</legend>
        <div className="row">
          {WEBHOOK_EVENTS.map((ev) => (
            <label key={ev} className="row check-label">
              <input
                type="checkbox"
                checked={events.includes(ev)}
                onChange={(e) => f.set("events", e.target.checked ? [...events, ev] : events.filter((x) => x !== ev))}
              />
              {EVENT_LABELS[ev]}
            </label>
          ))}
        </div>
        {f.errors.events && (
          <span className="field-error" role="alert">
            {f.errors.events}
          </span>
        )}
      </fieldset>
      <button type="submit" className="primary" disabled={f.pending}>
        {f.pending ? "Adding…" : "Add webhook"}
      </button>
    </form>
  );
}
