import { deviceRoute } from "../../../../../../server/agent/agent-route";
import { ZWaitApprovalInput } from "../../../../../../server/approvals/schemas";
import { waitApprovalRequest } from "../../../../../../server/approvals/wait-approval-request";
import { parseWith } from "../../../../../../server/http/respond";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = deviceRoute(async (_req, ctx, body) =>
  waitApprovalRequest(ctx.device, parseWith(ZWaitApprovalInput, body, "request body")),
);
