import { deviceRoute } from "../../../../../../server/agent/agent-route";
import { reportApprovalUse } from "../../../../../../server/approvals/report-approval-use";
import { ZReportUseInput } from "../../../../../../server/approvals/schemas";
import { parseWith } from "../../../../../../server/http/respond";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = deviceRoute(async (_req, ctx, body) =>
  reportApprovalUse(ctx.device, parseWith(ZReportUseInput, body, "request body"), ctx.meta),
);
