import type { ReportRun, ReportSchedule } from "@luminous/db";

/** A kept report as the API shows it (the package itself is downloaded on its own). */
export function presentRun(r: ReportRun) {
  return {
    id: r.id,
    scheduleId: r.scheduleId,
    framework: r.framework,
    cadence: r.cadence,
    period: { from: r.periodFrom.toISOString(), to: r.periodTo.toISOString() },
    status: r.status as "queued" | "running" | "succeeded" | "failed",
    attempts: r.attempts,
    lastError: r.lastError,
    nextAttemptAt: r.nextAttemptAt?.toISOString() ?? null,
    requestedBy: r.requestedByLabel,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    sha256: r.sha256,
    bytes: r.bytes === null ? null : Number(r.bytes),
    summary: r.summary as { pass: number; attention: number; fail: number; events: number } | null,
  };
}
export type TReportRunView = ReturnType<typeof presentRun>;

export function presentSchedule(s: ReportSchedule) {
  return {
    id: s.id,
    framework: s.framework,
    cadence: s.cadence,
    createdBy: s.createdByLabel,
    createdAt: s.createdAt.toISOString(),
  };
}
export type TReportScheduleView = ReturnType<typeof presentSchedule>;
