import { recordAuditNow } from "../audit/record-audit";
import { db } from "../db";
import { AppError, notFound } from "../http/errors";
import type { Ctx } from "../http/guard";
import { isUuid } from "../policies/load-policy";
import { reportFileName } from "./export-compliance-report";
import { readReportPackage } from "./store-report-package";

/**
 * A kept report's evidence package, streamed from the database piece by piece, with its stored
 * SHA-256 in a header; the download is an audit event, recorded before the first byte.
 */
export async function downloadReportRun(ctx: Ctx, id: string): Promise<Response> {
  const run = isUuid(id) ? await db().reportRun.findFirst({ where: { id, orgId: ctx.orgId } }) : null;
  if (!run) throw notFound("Report");
  if (run.status !== "succeeded" || run.sha256 === null || run.bytes === null)
    throw new AppError("conflict", `This report has no package yet (it is ${run.status})`);
  await recordAuditNow(ctx.orgId, ctx.meta, {
    action: "compliance.report_run.download",
    outcome: "success",
    target: { type: "report_run", id: run.id, label: `${run.framework} ${run.cadence}` },
    data: {
      framework: run.framework,
      from: run.periodFrom.toISOString(),
      to: run.periodTo.toISOString(),
      sha256: run.sha256,
      format: "zip",
    },
  });
  const pieces = readReportPackage(run.id);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await pieces.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await pieces.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "application/zip",
      "content-length": String(run.bytes),
      "content-disposition": `attachment; filename="${reportFileName(`evidence-${run.framework}`, run.periodFrom, run.periodTo, "zip")}"`,
      "x-content-sha256": run.sha256,
      "cache-control": "no-store",
    },
  });
}
