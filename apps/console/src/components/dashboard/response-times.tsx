import Link from "next/link";
import { TableWrap } from "@/components/table-wrap";
import type { TDashboard } from "@/server/dashboard/get-dashboard";
import type { TLinks } from "./links";

/** Event types whose duration is the time of one phase of an ask-nix command. */
const PHASE: Record<string, string> = { execution_completed: "Execution", errors_encountered: "Failed execution" };

export const seconds = (ms: number | null) =>
  ms === null ? "—" : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

/** P50 / P95 / P99 per phase, from the durations the events carry (execution.duration_ms). */
export function ResponseTimes({ rows, links }: { rows: TDashboard["responseTimes"]; links: TLinks }) {
  return (
    <section className="panel" aria-labelledby="rt-h">
      <h2 id="rt-h">ask-nix response time</h2>
      {rows.length === 0 ? (
        <p className="muted">No event in this period carries a duration.</p>
      ) : (
        <TableWrap label="Response times">
          <table aria-label="Response time percentiles">
            <thead>
              <tr>
                <th>Phase</th>
                <th>P50</th>
                <th>P95</th>
                <th>P99</th>
                <th>Events</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.type}>
                  <td>{PHASE[r.type] ?? r.type}</td>
                  <td>{seconds(r.p50)}</td>
                  <td>{seconds(r.p95)}</td>
                  <td>{seconds(r.p99)}</td>
                  <td>
                    {links.audit ? (
                      <Link href={links.audit({ type: r.type })}>{r.count.toLocaleString()}</Link>
                    ) : (
                      r.count.toLocaleString()
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <p className="muted small">Durations as the agents report them, to two significant digits.</p>
    </section>
  );
}
