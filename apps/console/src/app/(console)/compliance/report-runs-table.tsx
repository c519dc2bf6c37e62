"use client";
import { TableWrap } from "@/components/table-wrap";
import type { TReportRunView } from "@/server/compliance/present-report-run";

const STATUS = {
  queued: { badge: "neutral", label: "Waiting for the worker" },
  running: { badge: "warn", label: "Generating…" },
  succeeded: { badge: "ok", label: "Ready" },
  failed: { badge: "bad", label: "Failed" },
} as const;

const day = (iso: string) => iso.slice(0, 10);
/** The last day of a half-open period, for people. */
const lastDay = (iso: string) => day(new Date(new Date(iso).getTime() - 1).toISOString());
const size = (b: number) => (b < 1 << 20 ? `${Math.ceil(b / 1024)} KiB` : `${(b / (1 << 20)).toFixed(1)} MiB`);

/** Kept reports, newest first: progress, the failure reason and next attempt, the package with its SHA-256. */
export function RunsTable({ runs, canExport }: { runs: TReportRunView[]; canExport: boolean }) {
  if (runs.length === 0) return <p className="muted">No report kept yet.</p>;
  return (
    <TableWrap label="Kept reports" wide>
      <table aria-label="Kept reports">
        <thead>
          <tr>
            <th>Report</th>
            <th>Period</th>
            <th>Status</th>
            <th>Evidence package</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id}>
              <td>
                {r.framework.toUpperCase()}{" "}
                <span className="muted">({r.cadence === "once" ? "asked for" : r.cadence})</span>
              </td>
              <td>
                {day(r.period.from)} to {lastDay(r.period.to)}
              </td>
              <td>
                <span
                  className={`badge ${STATUS[r.status].badge}`}
                  role={r.status === "running" ? "status" : undefined}
                >
                  {STATUS[r.status].label}
                </span>
                {r.status === "failed" && (
                  <div className="small">
                    {r.lastError}.{" "}
                    {r.nextAttemptAt
                      ? `Tried ${r.attempts} times; next attempt ${new Date(r.nextAttemptAt).toLocaleString()}.`
                      : `Gave up after ${r.attempts} attempts.`}
                  </div>
                )}
              </td>
              <td>
                {r.status === "succeeded" && r.sha256 && r.bytes !== null ? (
                  <>
                    {canExport ? (
                      <a
                        href={`/api/v1/compliance/runs/${r.id}/package`}
                        download
                        aria-label={`Download the ${r.framework} package for ${day(r.period.from)} to ${lastDay(r.period.to)}`}
                      >
                        Download ({size(r.bytes)})
                      </a>
                    ) : (
                      size(r.bytes)
                    )}
                    <div className="mono small" title="SHA-256 of the package">
                      SHA-256 {r.sha256.slice(0, 16)}…
                    </div>
                  </>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
