import { closeApprovalReview } from "@/server/approvals/close-approval-review";
import { ZCloseReviewInput } from "@/server/approvals/schemas";
import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";

export const POST = withPermission("approval.decide", async (ctx, req, p) =>
  closeApprovalReview(ctx, p.id!, await parseBody(req, ZCloseReviewInput)),
);
