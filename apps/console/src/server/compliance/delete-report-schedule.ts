import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import { notFound } from "../http/errors";
import type { Ctx } from "../http/guard";
import { isUuid } from "../policies/load-policy";

/** Stops a schedule; the reports it already produced are kept with their packages. */
export async function deleteReportSchedule(ctx: Ctx, id: string): Promise<{ deleted: true }> {
  await db().$transaction(async (tx) => {
    const s = isUuid(id) ? await tx.reportSchedule.findFirst({ where: { id, orgId: ctx.orgId } }) : null;
    if (!s) throw notFound("Report schedule");
    await tx.reportSchedule.delete({ where: { id } });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "compliance.schedule.delete",
      outcome: "success",
      target: { type: "report_schedule", id, label: `${s.cadence} ${s.framework}` },
      before: { framework: s.framework, cadence: s.cadence },
    });
  });
  return { deleted: true };
}
