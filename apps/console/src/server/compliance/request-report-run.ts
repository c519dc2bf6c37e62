import type { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import type { Ctx } from "../http/guard";
import { presentRun } from "./present-report-run";
import type { ZRequestReportRun } from "./report-run-schemas";
import { periodOf } from "./schemas";

/**
 * Asks for a report of one period to be kept: queued for the worker, which generates it and stores
 * its evidence package (the page shows its progress). Asking is an audit event; so is generating.
 */
export async function requestReportRun(ctx: Ctx, q: z.output<typeof ZRequestReportRun>) {
  const { from, to } = periodOf(q);
  const run = await db().$transaction(async (tx) => {
    const r = await tx.reportRun.create({
      data: {
        orgId: ctx.orgId,
        framework: q.framework,
        cadence: "once",
        periodFrom: from,
        periodTo: to,
        requestedByLabel: ctx.meta.actor.label ?? ctx.principal.email,
      },
    });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "compliance.report_run.request",
      outcome: "success",
      target: { type: "report_run", id: r.id, label: q.framework },
      data: { framework: q.framework, from: from.toISOString(), to: to.toISOString() },
    });
    return r;
  });
  return presentRun(run);
}
