import { listApprovalRequests } from "@/server/approvals/list-approval-requests";
import { ZListApprovals } from "@/server/approvals/schemas";
import { withPermission } from "@/server/http/guard";
import { parseQuery } from "@/server/http/respond";

export const GET = withPermission("approval.read", (ctx, req) =>
  listApprovalRequests(ctx, parseQuery(req, ZListApprovals)),
);
