"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { LoadError } from "@/components/users/ui";
import { api, qs } from "@/lib/api";
import type { TDashboard } from "@/server/dashboard/get-dashboard";
import { ApprovalsPanel } from "./approvals-panel";
import { CommandsChart } from "./commands-chart";
import { CompliancePanel } from "./compliance-panel";
import { DecisionsPanel } from "./decisions-panel";
import { DevicesPanel } from "./devices-panel";
import { Figure, FigureSkeleton } from "./figure";
import { linksFor } from "./links";
import { PeriodPicker, type TPeriod } from "./period-picker";
import { ResponseTimes, seconds } from "./response-times";

const pct = (r: number | null) => (r === null ? "—" : `${(Math.floor(r * 1000) / 10).toFixed(1)}%`);

/** The operator dashboard: a range picker and the figures of GET /api/v1/dashboard, refreshed every minute. */
export function Dashboard({
  can,
  initial,
}: {
  can: { audit: boolean; devices: boolean; compliance: boolean; approvals: boolean };
  initial: TPeriod;
}) {
  const [period, setPeriod] = useState<TPeriod>(initial);
  const q = useQuery({
    queryKey: ["dashboard", period],
    queryFn: () => api<TDashboard>(`/api/v1/dashboard${qs(period)}`),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const d = q.data;
  const links = d ? linksFor(can, d.period) : null;
  return (
    <>
      <div className="spread">
        <h1>Dashboard</h1>
        <PeriodPicker period={period} onChange={setPeriod} />
      </div>
      {q.isError && <LoadError error={q.error} retry={() => q.refetch()} />}
      {!d || !links ? (
        q.isPending && (
          <div role="status" aria-busy="true">
            <span className="loading">Loading the dashboard…</span>
            <FigureSkeleton count={6} />
          </div>
        )
      ) : (
        <div style={{ opacity: q.isPlaceholderData ? 0.6 : 1 }} aria-busy={q.isFetching}>
          <div className="grid-cards">
            <Figure
              label="Commands per hour"
              value={d.commands.perHour.toLocaleString()}
              href={links.audit?.({ type: "command_received" })}
              sub={`${d.commands.total.toLocaleString()} commands`}
            />
            <Figure
              label="Success rate"
              value={pct(d.executions.successRate)}
              href={links.audit?.({ type: "execution_completed", outcome: "failure" })}
              sub={`${d.executions.failed.toLocaleString()} of ${(d.executions.succeeded + d.executions.failed).toLocaleString()} executions failed`}
              tone={d.executions.successRate !== null && d.executions.successRate < 0.95 ? "warn" : undefined}
            />
            <Figure
              label="Response time P95"
              value={seconds(d.responseTimes.find((r) => r.type === "execution_completed")?.p95 ?? null)}
              href={links.audit?.({ type: "execution_completed" })}
              sub="execution"
            />
            <Figure
              label="Active users"
              value={d.activeUsers.toLocaleString()}
              href={links.audit?.({ category: "agent" })}
              sub="workstation users with events"
            />
            <Figure
              label="Integrity alarms"
              value={d.integrity.total.toLocaleString()}
              href={links.audit?.({ category: "integrity" })}
              tone={d.integrity.total ? "bad" : undefined}
              sub={
                d.integrity.byType
                  .map((t) => `${t.n} ${t.type.replace(/^integrity_/, "").replaceAll("_", " ")}`)
                  .join(", ") || "none"
              }
            />
          </div>
          <section className="panel" aria-labelledby="commands-h">
            <h2 id="commands-h">Commands per hour</h2>
            {d.commands.total === 0 ? (
              <p className="muted">No ask-nix commands in this period.</p>
            ) : (
              <CommandsChart series={d.commands.series} />
            )}
          </section>
          <div className="dash-columns">
            <DecisionsPanel decisions={d.decisions} links={links} />
            <ResponseTimes rows={d.responseTimes} links={links} />
          </div>
          <div className="dash-columns">
            <DevicesPanel d={d.devices} links={links} />
            {can.compliance && <CompliancePanel period={period} />}
          </div>
          {can.approvals && <ApprovalsPanel />}
        </div>
      )}
    </>
  );
}
