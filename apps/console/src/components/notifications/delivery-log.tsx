"use client";
import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api";
import { DELIVERIES_KEY, type TDeliveryView } from "./types";

const STATE_TONE: Record<string, string> = { delivered: "ok", pending: "warn", failed: "bad" };
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "");

/** Recent emails and webhook calls, their state and last error; refreshes while something is pending. */
export function DeliveryLog() {
  const q = useQuery({
    queryKey: DELIVERIES_KEY,
    queryFn: () => api<{ items: TDeliveryView[] }>("/api/v1/notifications/deliveries?limit=50"),
    refetchInterval: (query) => (query.state.data?.items.some((d) => d.state === "pending") ? 5000 : false),
  });
  if (q.isLoading) return <div className="loading">Loading…</div>;
  if (q.error || !q.data) return <div className="form-error">Could not load the delivery log.</div>;
  if (q.data.items.length === 0) return <p className="muted">Nothing sent yet.</p>;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls sideways on a phone must be reachable by keyboard (axe scrollable-region-focusable)
    <section className="table-wrap scroll-x" aria-label="Recent deliveries (scrolls sideways)" tabIndex={0}>
      <table aria-label="Recent deliveries">
        <thead>
          <tr>
            <th>When</th>
            <th>Channel</th>
            <th>To</th>
            <th>What</th>
            <th>State</th>
            <th>Attempts</th>
            <th>Last error</th>
          </tr>
        </thead>
        <tbody>
          {q.data.items.map((d) => (
            <tr key={d.id}>
              <td>{when(d.createdAt)}</td>
              <td>{d.channel === "email" ? "Email" : "Webhook"}</td>
              <td className="mono">{d.target}</td>
              <td>{d.summary}</td>
              <td>
                <span className={`badge ${STATE_TONE[d.state] ?? "neutral"}`}>{d.state}</span>
                {d.nextAttemptAt && <div className="muted small">next try {when(d.nextAttemptAt)}</div>}
              </td>
              <td>{d.attempts}</td>
              <td>{d.lastError ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
