import { FRAMEWORKS } from "@luminous/compliance";
import { z } from "zod";

const DAY = 86_400_000;
/** SOC 2 Type II periods run 3 to 12 months; a little more is allowed for fiscal years. */
export const MAX_PERIOD_DAYS = 400;

const ZDate = z.iso.datetime({ offset: true }).or(z.iso.date());

const fields = {
  framework: z.enum(FRAMEWORKS),
  /** A date (UTC midnight) or a timestamp; the period starts there. */
  from: ZDate,
  /** Exclusive end. */
  to: ZDate,
};

function checkPeriod(v: { from: string; to: string }, ctx: z.RefinementCtx) {
  const from = new Date(v.from);
  const to = new Date(v.to);
  if (!(from < to)) ctx.addIssue({ code: "custom", path: ["to"], message: "to must be after from" });
  else if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY)
    ctx.addIssue({ code: "custom", path: ["to"], message: `a period is at most ${MAX_PERIOD_DAYS} days` });
}

/** A framework over a period (the Compliance page, the report API). */
export const ZComplianceReportQuery = z.object(fields).superRefine(checkPeriod);
export type TComplianceReportQuery = z.output<typeof ZComplianceReportQuery>;

/** The same, rendered as a file. */
export const ZComplianceExportQuery = z
  .object({ ...fields, format: z.enum(["pdf", "csv", "json"]) })
  .superRefine(checkPeriod);
export type TComplianceExportQuery = z.output<typeof ZComplianceExportQuery>;

/** The period of a parsed query as dates. */
export const periodOf = (q: { from: string; to: string }) => ({ from: new Date(q.from), to: new Date(q.to) });
