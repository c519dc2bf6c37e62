import { type ComplianceSummary, getComplianceSummary } from "../compliance/get-compliance-summary";
import type { Ctx } from "../http/guard";
import { DASHBOARD_RANGES, type TDashboardComplianceQuery } from "./schemas";

/**
 * The compliance panel: each framework's status over the dashboard's range (the compliance
 * area's own evaluation). Its own request, so the panel's slower evaluation never holds up the
 * other figures, and only roles with compliance.read ask for it.
 */
export function getDashboardCompliance(ctx: Ctx, q: TDashboardComplianceQuery): Promise<ComplianceSummary> {
  return getComplianceSummary(ctx.orgId, { days: DASHBOARD_RANGES[q.range] / 86_400_000 });
}
