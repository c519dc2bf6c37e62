import { deviceRoute } from "../../../../../server/agent/agent-route";
import { recordBundleRejection } from "../../../../../server/agent/record-bundle-rejection";
import { ZBundleRejectionInput } from "../../../../../server/agent/schemas";
import { parseWith } from "../../../../../server/http/respond";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = deviceRoute(async (_req, ctx, body) => {
  await recordBundleRejection(ctx.device, parseWith(ZBundleRejectionInput, body, "request body"), ctx.meta);
  return new Response(null, { status: 204 });
});
