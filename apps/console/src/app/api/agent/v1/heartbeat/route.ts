import { deviceRoute } from "../../../../../server/agent/agent-route";
import { recordHeartbeat } from "../../../../../server/agent/record-heartbeat";
import { ZHeartbeatInput } from "../../../../../server/agent/schemas";
import { parseWith } from "../../../../../server/http/respond";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = deviceRoute(async (_req, ctx, body) =>
  recordHeartbeat(ctx.device, parseWith(ZHeartbeatInput, body, "request body")),
);
