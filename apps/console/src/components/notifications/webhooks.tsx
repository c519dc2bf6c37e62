"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/lib/api";
import { SETTINGS_KEY, type TWebhookView } from "./types";
import { EVENT_LABELS, WebhookForm } from "./webhook-form";

/** The org's webhook endpoints; a new endpoint's signing secret is shown here once. */
export function Webhooks({ items, canEdit }: { items: TWebhookView[]; canEdit: boolean }) {
  const qc = useQueryClient();
  const [created, setCreated] = useState<(TWebhookView & { secret: string }) | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => api(`/api/v1/notifications/webhooks/${id}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: SETTINGS_KEY }),
  });
  return (
    <>
      {created && (
        <div className="notice" role="status">
          <p>
            <strong>{created.name}</strong> is added. Its signing secret is shown only now: store it in the receiver.
          </p>
          <label className="field" htmlFor="webhook-secret">
            <span>Signing secret</span>
            <input
              id="webhook-secret"
              className="mono"
              readOnly
              value={created.secret}
              onFocus={(e) => e.target.select()}
            />
          </label>
          <button type="button" onClick={() => setCreated(null)}>
            I have stored it
          </button>
        </div>
      )}
      {items.length === 0 ? (
        <p className="muted">No webhook endpoints yet.</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls sideways on a phone must be reachable by keyboard (axe scrollable-region-focusable)
        <section className="table-wrap scroll-x" aria-label="Webhook endpoints (scrolls sideways)" tabIndex={0}>
          <table aria-label="Webhook endpoints">
            <thead>
              <tr>
                <th>Name</th>
                <th>URL</th>
                <th>Events</th>
                {canEdit && <th>Actions</th>}
              </tr>
            </thead>
            <tbody>
              {items.map((w) => (
                <tr key={w.id}>
                  <td>{w.name}</td>
                  <td className="mono">{w.url}</td>
                  <td>{w.events.map((e) => EVENT_LABELS[e as keyof typeof EVENT_LABELS] ?? e).join(", ")}</td>
                  {canEdit && (
                    <td>
                      <button type="button" disabled={remove.isPending} onClick={() => remove.mutate(w.id)}>
                        Remove {w.name}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {remove.error && <div className="form-error">{remove.error.message}</div>}
      {canEdit && <WebhookForm onCreated={setCreated} />}
    </>
  );
}
