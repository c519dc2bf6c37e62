import { db } from "../db";
import type { Ctx } from "../http/guard";
import { presentRun, presentSchedule } from "./present-report-run";

/** The org's report schedules and its kept reports, newest first (the last 100). */
export async function listReportRuns(ctx: Ctx) {
  const [schedules, runs] = await Promise.all([
    db().reportSchedule.findMany({ where: { orgId: ctx.orgId }, orderBy: { createdAt: "asc" } }),
    db().reportRun.findMany({
      where: { orgId: ctx.orgId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 100,
    }),
  ]);
  return { schedules: schedules.map(presentSchedule), runs: runs.map(presentRun) };
}
