import { decideApprovalRequest } from "@/server/approvals/decide-approval-request";
import { ZDecideApprovalInput } from "@/server/approvals/schemas";
import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";

export const POST = withPermission("approval.decide", async (ctx, req, p) =>
  decideApprovalRequest(ctx, p.id!, await parseBody(req, ZDecideApprovalInput)),
);
