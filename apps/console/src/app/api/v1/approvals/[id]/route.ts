import { getApprovalRequest } from "@/server/approvals/get-approval-request";
import { withPermission } from "@/server/http/guard";

export const GET = withPermission("approval.read", (ctx, _req, p) => getApprovalRequest(ctx, p.id!));
