import { type ComplianceSummary, getComplianceSummary } from "../compliance/get-compliance-summary";
import type { Ctx } from "../http/guard";
import { periodOf, type TDashboardQuery } from "./schemas";

/**
 * The compliance panel: each framework's status over the dashboard's period, from the stored
 * daily history plus today's live status (see getComplianceSummary). Its own request, and only
 * roles with compliance.read ask for it.
 */
export function getDashboardCompliance(ctx: Ctx, q: TDashboardQuery, now = Date.now()): Promise<ComplianceSummary> {
  const { from, to } = periodOf(q, now);
  return getComplianceSummary(ctx.orgId, { from, to, now: new Date(now) });
}
