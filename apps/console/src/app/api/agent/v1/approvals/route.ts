import { deviceRoute } from "../../../../../server/agent/agent-route";
import { openApprovalRequest } from "../../../../../server/approvals/open-approval-request";
import { ZOpenApprovalInput } from "../../../../../server/approvals/schemas";
import { parseWith } from "../../../../../server/http/respond";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = deviceRoute(async (_req, ctx, body) =>
  openApprovalRequest(ctx.device, parseWith(ZOpenApprovalInput, body, "request body"), ctx.meta),
);
