import type { ComplianceReport } from "@luminous/compliance";
import { recordAuditNow } from "../audit/record-audit";
import type { Ctx } from "../http/guard";
import { evaluateCompliance } from "./evaluate-compliance";
import { periodOf, type TComplianceReportQuery } from "./schemas";

/**
 * A framework's report over a period, for the Compliance page. Viewing a report is itself an
 * audit event (PCI DSS 10.2.1.3), recorded before the evidence is read.
 */
export async function getComplianceReport(ctx: Ctx, q: TComplianceReportQuery): Promise<ComplianceReport> {
  const { from, to } = periodOf(q);
  await recordAuditNow(ctx.orgId, ctx.meta, {
    action: "compliance.report.generate",
    outcome: "success",
    target: { type: "compliance_report", id: q.framework, label: q.framework },
    data: { framework: q.framework, from: from.toISOString(), to: to.toISOString(), format: "view" },
  });
  const { report } = await evaluateCompliance({
    orgId: ctx.orgId,
    framework: q.framework,
    from,
    to,
    generatedBy: ctx.meta.actor.label ?? ctx.principal.email,
  });
  return report;
}
