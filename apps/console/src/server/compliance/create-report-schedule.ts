import { FRAMEWORK_NAMES } from "@luminous/compliance";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import { AppError } from "../http/errors";
import type { Ctx } from "../http/guard";
import { presentSchedule } from "./present-report-run";
import type { TCreateReportSchedule } from "./report-run-schemas";

/**
 * Schedules a framework's report every month or week (one schedule per framework and cadence).
 * The worker generates the previous period's report at its next run, then every period after.
 */
export async function createReportSchedule(ctx: Ctx, input: TCreateReportSchedule) {
  const exists = await db().reportSchedule.findUnique({
    where: { orgId_framework_cadence: { orgId: ctx.orgId, ...input } },
    select: { id: true },
  });
  if (exists)
    throw new AppError(
      "conflict",
      `A ${input.cadence} ${FRAMEWORK_NAMES[input.framework]} report is already scheduled`,
      {
        fields: [{ path: "cadence", message: "already scheduled for this framework" }],
      },
    );
  const s = await db().$transaction(async (tx) => {
    const created = await tx.reportSchedule.create({
      data: {
        orgId: ctx.orgId,
        ...input,
        createdById: ctx.principal.userId,
        createdByLabel: ctx.meta.actor.label ?? ctx.principal.email,
      },
    });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "compliance.schedule.create",
      outcome: "success",
      target: { type: "report_schedule", id: created.id, label: `${input.cadence} ${input.framework}` },
      after: input,
    });
    return created;
  });
  return presentSchedule(s);
}
