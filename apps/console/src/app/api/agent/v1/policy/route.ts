import { deviceRoute } from "../../../../../server/agent/agent-route";
import { getDeviceBundle } from "../../../../../server/agent/get-device-bundle";
import { json } from "../../../../../server/http/respond";
import { metrics } from "../../../../../server/metrics/registry";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = deviceRoute(async (req, ctx) => {
  const answer = await getDeviceBundle(ctx.device, req.headers.get("if-none-match"));
  const headers = { etag: answer.etag, "cache-control": "no-store" };
  metrics().agentPolls.inc({ result: answer.notModified ? "not_modified" : "bundle" });
  if (answer.notModified) return new Response(null, { status: 304, headers });
  return json({ bundle: answer.bundle }, { headers });
});
