"use client";
import { qs } from "@/lib/api";
import { ControlTimeline } from "./control-timeline";
import type { ControlView } from "./types";

/** The audit browser showing the events behind one exception (or the control), over the period. */
function auditHref(period: { from: string; to: string }, filter: Record<string, string>, event?: string) {
  return `/audit${qs({ from: period.from, to: period.to, ...filter, event })}`;
}

function subjectFilter(s: ControlView["exceptions"][number]["subject"]): Record<string, string> {
  if (s.type === "device") return { device: s.id };
  if (s.type === "user") return { user: s.label };
  return {};
}

/** One control's requirement, numbers, exceptions (each linked to its events) and method. */
export function ControlDetail({ c, period }: { c: ControlView; period: { from: string; to: string } }) {
  return (
    <div className="panel">
      <p>{c.requirement}</p>
      <p className="muted">
        Owner: {c.owner}. Population: {c.population} {c.populationLabel}.
      </p>
      <ul aria-label={`${c.ref} figures`}>
        {Object.entries(c.numbers).map(([k, v]) => (
          <li key={k}>
            {k}: {v}
          </li>
        ))}
      </ul>
      <p>
        <a href={auditHref(period, c.evidenceFilter)}>Show the evidence in the audit log</a>
      </p>
      <h3>Exceptions ({c.exceptionCount})</h3>
      {c.exceptions.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul aria-label={`${c.ref} exceptions`}>
          {c.exceptions.map((x) => (
            <li key={`${x.subject.id}:${x.summary}`}>
              {x.summary}{" "}
              {x.eventIds.length > 0 && (
                <a href={auditHref(period, subjectFilter(x.subject), x.eventIds[0])}>
                  {x.eventIds.length === 1 ? "event" : `${x.eventIds.length} events`}
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
      <ControlTimeline control={c.id} period={period} />
      <details>
        <summary>Method</summary>
        <pre className="mono method">{c.method}</pre>
      </details>
    </div>
  );
}
