import { deviceRoute } from "../../../../../../server/agent/agent-route";
import { recordBreakGlass } from "../../../../../../server/approvals/record-break-glass";
import { ZBreakGlassInput } from "../../../../../../server/approvals/schemas";
import { parseWith } from "../../../../../../server/http/respond";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = deviceRoute(async (_req, ctx, body) =>
  recordBreakGlass(ctx.device, parseWith(ZBreakGlassInput, body, "request body"), ctx.meta),
);
