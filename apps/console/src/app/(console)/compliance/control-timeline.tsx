"use client";
import { useQuery } from "@tanstack/react-query";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { api, qs } from "@/lib/api";
import type { ComplianceHistory } from "@/server/compliance/get-compliance-history";
import { STATUS_LABEL } from "./types";

const LEVEL = { fail: 0, attention: 1, pass: 2 } as const;
const LEVEL_LABEL = ["Fail", "Attention", "Pass"];
const DAY = 86_400_000;

/** The last day inside a period [from, to), as YYYY-MM-DD. */
const lastDay = (to: string) => new Date(new Date(to).getTime() - 1).toISOString().slice(0, 10);

type Day = ComplianceHistory["days"][number];

/** Days on which the status differs from the recorded day before. */
function changes(days: Day[]): Day[] {
  return days.filter((d, i) => i > 0 && days[i - 1]!.status !== d.status);
}

/**
 * One control's status per day over the report's period, from the stored daily history (the
 * worker's chained snapshots), drawn as a step line with the status changes listed in words.
 */
export function ControlTimeline({ control, period }: { control: string; period: { from: string; to: string } }) {
  const query = { control, from: period.from.slice(0, 10), to: lastDay(period.to) };
  const q = useQuery({
    queryKey: ["compliance-history", query],
    queryFn: () => api<ComplianceHistory>(`/api/v1/compliance/history${qs(query)}`),
  });
  if (q.isPending) return <p className="loading">Loading the history…</p>;
  if (q.isError) return <p className="form-error">Could not load the history: {(q.error as Error).message}</p>;
  const { days, chain } = q.data;
  const count = (s: keyof typeof LEVEL) => days.filter((d) => d.status === s).length;
  const changed = changes(days);
  const span = Math.round((new Date(period.to).getTime() - new Date(period.from).getTime()) / DAY);
  return (
    <section aria-label={`${control} history`}>
      <h3>History</h3>
      {chain.ok ? (
        <p className="muted">Daily history intact ({chain.snapshots.toLocaleString()} snapshots chained).</p>
      ) : (
        <p className="form-error">The daily history does not verify: {chain.problem}</p>
      )}
      {days.length === 0 ? (
        <p className="muted">No day of this period is recorded yet (the worker records each day after it ends).</p>
      ) : (
        <>
          <p className="timeline-summary">
            {days.length} of {span} days recorded: {count("pass")} pass, {count("attention")} attention, {count("fail")}{" "}
            fail.
          </p>
          <div className="chart chart-small" role="img" aria-label={`${control} status per day, ${days.length} days`}>
            <ResponsiveContainer>
              <LineChart data={days.map((d) => ({ ...d, level: LEVEL[d.status as keyof typeof LEVEL] ?? 0 }))}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="day" fontSize={12} minTickGap={24} />
                <YAxis
                  domain={[0, 2]}
                  ticks={[0, 1, 2]}
                  tickFormatter={(v: number) => LEVEL_LABEL[v] ?? ""}
                  fontSize={12}
                  width={72}
                />
                <Tooltip
                  formatter={(_v, _n, item) => {
                    const d = item.payload as Day;
                    return [
                      `${STATUS_LABEL[d.status as keyof typeof STATUS_LABEL]}, ${d.exceptionCount} exceptions`,
                      "Status",
                    ];
                  }}
                />
                <Line
                  isAnimationActive={false}
                  type="stepAfter"
                  dataKey="level"
                  stroke="#3b5bdb"
                  dot={days.length < 40}
                />
              </LineChart>
            </ResponsiveContainer>
          </div>
          {changed.length > 0 && (
            <ul aria-label={`${control} status changes`}>
              {changed.map((d) => (
                <li key={d.day}>
                  {d.day}: {STATUS_LABEL[d.status as keyof typeof STATUS_LABEL] ?? d.status} ({d.exceptionCount}{" "}
                  exceptions)
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
