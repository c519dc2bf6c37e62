import { getDashboardApprovals } from "@/server/dashboard/get-dashboard-approvals";
import { withPermission } from "@/server/http/guard";

export const GET = withPermission("approval.read", (ctx) => getDashboardApprovals(ctx));
