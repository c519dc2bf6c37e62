import { getDashboard } from "@/server/dashboard/get-dashboard";
import { ZDashboardQuery } from "@/server/dashboard/schemas";
import { withPermission } from "@/server/http/guard";
import { parseQuery } from "@/server/http/respond";

export const GET = withPermission("dashboard.read", (ctx, req) => getDashboard(ctx, parseQuery(req, ZDashboardQuery)));
