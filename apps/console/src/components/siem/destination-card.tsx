"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/lib/api";
import { DestinationHealth, StateBadge } from "./destination-health";
import type { Destination } from "./types";

interface TestResult {
  ok: boolean;
  eventId: string;
  ms: number;
  error: { reason: string; message: string } | null;
}

/** One destination: its health and the actions (test event, replay from a time, pause, delete). */
export function DestinationCard({ d, canEdit, onChange }: { d: Destination; canEdit: boolean; onChange: () => void }) {
  const [from, setFrom] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const fail = (e: unknown) => setMessage({ ok: false, text: (e as Error).message });
  const test = useMutation({
    mutationFn: () => api<TestResult>(`/api/v1/siem-destinations/${d.id}/test`, { method: "POST" }),
    onSuccess: (r) =>
      setMessage(
        r.ok
          ? { ok: true, text: `Test event ${r.eventId} sent in ${r.ms} ms.` }
          : { ok: false, text: `Test event not taken: ${r.error?.message} (${r.error?.reason}).` },
      ),
    onError: fail,
  });
  const replay = useMutation({
    mutationFn: () =>
      api(`/api/v1/siem-destinations/${d.id}/replay`, { method: "POST", body: { from: new Date(from).toISOString() } }),
    onSuccess: () => {
      setMessage({ ok: true, text: `Events since ${new Date(from).toLocaleString()} will be sent again.` });
      onChange();
    },
    onError: fail,
  });
  const toggle = useMutation({
    mutationFn: () => api(`/api/v1/siem-destinations/${d.id}`, { method: "PATCH", body: { enabled: !d.enabled } }),
    onSuccess: onChange,
    onError: fail,
  });
  const remove = useMutation({
    mutationFn: () => api(`/api/v1/siem-destinations/${d.id}`, { method: "DELETE" }),
    onSuccess: onChange,
    onError: fail,
  });
  const headingId = `siem-${d.id}`;
  return (
    <article className="panel siem-card" aria-labelledby={headingId}>
      <header className="siem-head">
        <h3 id={headingId}>{d.name}</h3>
        <StateBadge state={d.health.state} />
      </header>
      <DestinationHealth d={d} />
      {message && (
        <p className={message.ok ? "notice" : "form-error"} role="status">
          {message.text}
        </p>
      )}
      {canEdit && (
        <div className="siem-actions">
          <button type="button" onClick={() => test.mutate()} disabled={test.isPending}>
            {test.isPending ? "Sending…" : "Send test event"}
          </button>
          <form
            className="siem-replay"
            onSubmit={(e) => {
              e.preventDefault();
              if (from) replay.mutate();
            }}
          >
            <label htmlFor={`replay-${d.id}`}>Replay from</label>
            <input id={`replay-${d.id}`} type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
            <button type="submit" disabled={!from || replay.isPending}>
              Replay
            </button>
          </form>
          <button type="button" onClick={() => toggle.mutate()} disabled={toggle.isPending}>
            {d.enabled ? "Pause" : "Resume"}
          </button>
          <button
            type="button"
            className="danger"
            onClick={() => window.confirm(`Delete destination ${d.name}?`) && remove.mutate()}
            disabled={remove.isPending}
          >
            Delete
          </button>
        </div>
      )}
    </article>
  );
}
