import { getDashboardCompliance } from "@/server/dashboard/get-dashboard-compliance";
import { ZDashboardComplianceQuery } from "@/server/dashboard/schemas";
import { withPermission } from "@/server/http/guard";
import { parseQuery } from "@/server/http/respond";

export const GET = withPermission("compliance.read", (ctx, req) =>
  getDashboardCompliance(ctx, parseQuery(req, ZDashboardComplianceQuery)),
);
