import { previousPeriod, type TCadence } from "@luminous/compliance";
import type { ReportRun } from "@luminous/db";
import { db } from "../db";
import { generateReportRun } from "./generate-report-run";
import { STALE_RUN_MS } from "./report-run-schemas";

/** Queues each schedule's previous period when it has no run yet (unique per schedule and period). */
export async function queueDueReports(now = new Date()): Promise<number> {
  const schedules = await db().reportSchedule.findMany();
  const due = schedules.map((s) => {
    const p = previousPeriod(s.cadence as TCadence, now);
    return {
      orgId: s.orgId,
      scheduleId: s.id,
      framework: s.framework,
      cadence: s.cadence,
      periodFrom: p.from,
      periodTo: p.to,
      requestedByLabel: s.createdByLabel,
    };
  });
  if (!due.length) return 0;
  return (await db().reportRun.createMany({ data: due, skipDuplicates: true })).count;
}

/**
 * Takes the next run to generate: queued, failed and due for a retry, or running for longer than a
 * worker could (its worker died). SKIP LOCKED, so workers on several nodes never take the same run.
 */
export async function claimReportRun(now = new Date()): Promise<ReportRun | null> {
  const [claimed] = await db().$queryRaw<{ id: string }[]>`
    UPDATE "ReportRun" SET "status" = 'running', "attempts" = "attempts" + 1, "startedAt" = ${now},
      "finishedAt" = NULL, "nextAttemptAt" = NULL
    WHERE "id" = (
      SELECT "id" FROM "ReportRun"
      WHERE "status" = 'queued'
         OR ("status" = 'failed' AND "nextAttemptAt" <= ${now})
         OR ("status" = 'running' AND "startedAt" < ${new Date(now.getTime() - STALE_RUN_MS)})
      ORDER BY "createdAt" LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING "id"`;
  return claimed ? db().reportRun.findUnique({ where: { id: claimed.id } }) : null;
}

/** The worker's report job: queue due periods, then generate runs one at a time (at most `max`). */
export async function runScheduledReports(
  now = () => new Date(),
  max = 20,
): Promise<{ queued: number; succeeded: number; failed: number }> {
  const out = { queued: await queueDueReports(now()), succeeded: 0, failed: 0 };
  for (let i = 0; i < max; i++) {
    const run = await claimReportRun(now());
    if (!run) break;
    out[await generateReportRun(run, now())]++;
  }
  return out;
}
