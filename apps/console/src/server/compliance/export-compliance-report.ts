import { renderCsv, renderJson, renderPdf } from "@luminous/compliance";
import { recordAuditNow } from "../audit/record-audit";
import type { Ctx } from "../http/guard";
import { evaluateCompliance } from "./evaluate-compliance";
import { periodOf, type TComplianceExportQuery } from "./schemas";

const TYPE = {
  pdf: "application/pdf",
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
} as const;

/** The file name of a report: framework, period and format, e.g. soc2-2026-01-01-2026-04-01.pdf. */
export function reportFileName(framework: string, from: Date, to: Date, ext: string): string {
  return `${framework}-${from.toISOString().slice(0, 10)}-${to.toISOString().slice(0, 10)}.${ext}`;
}

/** Renders a report as PDF, CSV or JSON for download; the download is an audit event. */
export async function exportComplianceReport(ctx: Ctx, q: TComplianceExportQuery): Promise<Response> {
  const { from, to } = periodOf(q);
  await recordAuditNow(ctx.orgId, ctx.meta, {
    action: "compliance.report.download",
    outcome: "success",
    target: { type: "compliance_report", id: q.framework, label: q.framework },
    data: { framework: q.framework, from: from.toISOString(), to: to.toISOString(), format: q.format },
  });
  const { report } = await evaluateCompliance({
    orgId: ctx.orgId,
    framework: q.framework,
    from,
    to,
    generatedBy: ctx.meta.actor.label ?? ctx.principal.email,
  });
  const body =
    q.format === "pdf"
      ? new Uint8Array(await renderPdf(report))
      : q.format === "csv"
        ? renderCsv(report)
        : renderJson(report);
  return new Response(body, {
    headers: {
      "content-type": TYPE[q.format],
      "content-disposition": `attachment; filename="${reportFileName(q.framework, from, to, q.format)}"`,
      "cache-control": "no-store",
    },
  });
}
