import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { recordAuditNow } from "../audit/record-audit";
import type { Ctx } from "../http/guard";
import { requireStepUp } from "../step-up/require-step-up";
import { buildEvidencePackage } from "./build-evidence-package";
import { reportFileName } from "./export-compliance-report";
import { periodOf, type TComplianceReportQuery } from "./schemas";

/**
 * The evidence package of a report for download (see buildEvidencePackage), streamed from disk;
 * the download is an audit event, recorded before the evidence is read.
 */
export async function exportEvidencePackage(ctx: Ctx, q: TComplianceReportQuery): Promise<Response> {
  const { from, to } = periodOf(q);
  await requireStepUp(ctx, "compliance.package");
  await recordAuditNow(ctx.orgId, ctx.meta, {
    action: "compliance.package.download",
    outcome: "success",
    target: { type: "compliance_report", id: q.framework, label: q.framework },
    data: { framework: q.framework, from: from.toISOString(), to: to.toISOString(), format: "zip" },
  });
  const pkg = await buildEvidencePackage({
    orgId: ctx.orgId,
    framework: q.framework,
    from,
    to,
    generatedBy: ctx.meta.actor.label ?? ctx.principal.email,
  });
  const stream = createReadStream(pkg.zip);
  stream.on("close", pkg.remove);
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
    headers: {
      "content-type": "application/zip",
      "content-length": String(pkg.bytes),
      "content-disposition": `attachment; filename="${reportFileName(`evidence-${q.framework}`, from, to, "zip")}"`,
      "cache-control": "no-store",
    },
  });
}
