"use client";
import { FRAMEWORK_NAMES, FRAMEWORKS } from "@luminous/compliance/catalogue";
import { CADENCES } from "@luminous/compliance/periods";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/lib/api";
import type { TReportRunView, TReportScheduleView } from "@/server/compliance/present-report-run";
import { RunsTable } from "./report-runs-table";

interface RunsList {
  schedules: TReportScheduleView[];
  runs: TReportRunView[];
}

const KEY = ["compliance-runs"];

/**
 * Scheduled reports and kept packages: schedules per framework (monthly or weekly), a button that
 * keeps the report on screen, and the list of kept reports with their progress, refreshed every few
 * seconds while one is waiting or being generated.
 */
export function KeptReports({
  canExport,
  current,
}: {
  canExport: boolean;
  current: { framework: string; from: string; to: string };
}) {
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: KEY,
    queryFn: () => api<RunsList>("/api/v1/compliance/runs"),
    refetchInterval: (query) =>
      query.state.data?.runs.some((r) => r.status === "queued" || r.status === "running") ? 3000 : 60_000,
  });
  const done = () => qc.invalidateQueries({ queryKey: KEY });
  const [framework, setFramework] = useState<string>("soc2");
  const [cadence, setCadence] = useState<string>("monthly");
  const schedule = useMutation({
    mutationFn: () => api("/api/v1/compliance/schedules", { method: "POST", body: { framework, cadence } }),
    onSuccess: done,
  });
  const stop = useMutation({
    mutationFn: (id: string) => api(`/api/v1/compliance/schedules/${id}`, { method: "DELETE" }),
    onSuccess: done,
  });
  const keep = useMutation({
    mutationFn: () => api("/api/v1/compliance/runs", { method: "POST", body: current }),
    onSuccess: done,
  });
  const error = schedule.error ?? stop.error ?? keep.error;

  return (
    <section className="panel" aria-labelledby="kept-h" aria-busy={q.isFetching}>
      <h2 id="kept-h">Scheduled and kept reports</h2>
      {q.isPending && <p className="loading">Loading the kept reports…</p>}
      {q.isError && <p className="form-error">Could not load the kept reports: {(q.error as Error).message}</p>}
      {q.data && (
        <ul aria-label="Report schedules">
          {q.data.schedules.length === 0 && <li className="muted">No report is scheduled.</li>}
          {q.data.schedules.map((s) => (
            <li key={s.id}>
              {FRAMEWORK_NAMES[s.framework as keyof typeof FRAMEWORK_NAMES] ?? s.framework}, {s.cadence} (set by{" "}
              {s.createdBy}){" "}
              {canExport && (
                <button
                  type="button"
                  className="btn"
                  disabled={stop.isPending}
                  onClick={() => stop.mutate(s.id)}
                  aria-label={`Stop the ${s.cadence} ${s.framework} schedule`}
                >
                  Stop
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canExport && (
        <div className="row wrap">
          <label>
            Report to schedule{" "}
            <select value={framework} onChange={(e) => setFramework(e.target.value)}>
              {FRAMEWORKS.map((f) => (
                <option key={f} value={f}>
                  {FRAMEWORK_NAMES[f]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Every{" "}
            <select value={cadence} onChange={(e) => setCadence(e.target.value)}>
              {CADENCES.map((c) => (
                <option key={c} value={c}>
                  {c === "monthly" ? "month (the previous month)" : "week (the previous week)"}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="btn primary" disabled={schedule.isPending} onClick={() => schedule.mutate()}>
            {schedule.isPending ? "Scheduling…" : "Schedule"}
          </button>
          <button type="button" className="btn" disabled={keep.isPending} onClick={() => keep.mutate()}>
            {keep.isPending ? "Asking…" : "Keep this report and its package"}
          </button>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {(error as Error).message}
        </p>
      )}
      {q.data && <RunsTable runs={q.data.runs} canExport={canExport} />}
    </section>
  );
}
