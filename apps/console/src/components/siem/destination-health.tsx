"use client";
import { type Destination, FORMAT_LABELS, isSyslog, KIND_LABELS } from "./types";

const STATE: Record<string, [string, string]> = {
  ok: ["ok", "Delivering"],
  pending: ["neutral", "Nothing sent yet"],
  retrying: ["bad", "Retrying"],
  paused: ["neutral", "Paused"],
};

function duration(s: number): string {
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86_400) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86_400).toFixed(1)} days`;
}
const when = (s: string | null) => (s ? new Date(s).toLocaleString() : "never");

export function StateBadge({ state }: { state: string }) {
  const [cls, label] = STATE[state] ?? ["neutral", state];
  return <span className={`badge ${cls}`}>{label}</span>;
}

/** Where a destination sends, and how delivery goes: lag, counts, the last error and its reason. */
export function DestinationHealth({ d }: { d: Destination }) {
  const h = d.health;
  const target = isSyslog(d.kind) ? `${d.host}:${d.port}` : d.url;
  return (
    <>
      <p className="muted siem-target">
        {KIND_LABELS[d.kind]} · {FORMAT_LABELS[d.format]} ·{" "}
        {d.stream === "checkpoints" ? "signed checkpoints" : "events"} · <span className="mono">{target}</span>
      </p>
      <dl className="siem-stats">
        <div>
          <dt>Lag</dt>
          <dd>
            {h.lagEvents.toLocaleString()} events · {duration(h.lagSeconds)}
          </dd>
        </div>
        <div>
          <dt>Delivered</dt>
          <dd>{h.delivered.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Failed attempts</dt>
          <dd>{h.failures.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Last delivery</dt>
          <dd>{when(h.lastDeliveredAt)}</dd>
        </div>
        {h.droppedByRetention > 0 && (
          <div>
            <dt>Lost to retention</dt>
            <dd className="siem-bad">{h.droppedByRetention.toLocaleString()}</dd>
          </div>
        )}
      </dl>
      {h.lastError && (
        <p
          className={h.state === "retrying" ? "form-error" : "muted"}
          role={h.state === "retrying" ? "alert" : undefined}
        >
          Last error ({h.lastErrorReason}, {when(h.lastErrorAt)}): {h.lastError}
          {h.state === "retrying" && h.nextAttemptAt && <> · next attempt {when(h.nextAttemptAt)}</>}
        </p>
      )}
    </>
  );
}
