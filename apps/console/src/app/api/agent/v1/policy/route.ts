import { deviceRoute } from "../../../../../server/agent/agent-route";
import { getDeviceBundle } from "../../../../../server/agent/get-device-bundle";
import { CHECKPOINTS_HEADER, latestCheckpointsHeader } from "../../../../../server/audit/latest-checkpoints";
import { json } from "../../../../../server/http/respond";
import { metrics } from "../../../../../server/metrics/registry";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = deviceRoute(async (req, ctx) => {
  const [answer, checkpoints] = await Promise.all([
    getDeviceBundle(ctx.device, req.headers.get("if-none-match")),
    latestCheckpointsHeader(ctx.device.orgId),
  ]);
  metrics().agentPolls.inc({ result: answer.notModified ? "not_modified" : "bundle" });
  // The org's latest signed checkpoints ride on every answer, 304 included: agents keep them as witnesses.
  const headers = {
    etag: answer.etag,
    "cache-control": "no-store",
    ...(checkpoints ? { [CHECKPOINTS_HEADER]: checkpoints } : {}),
  };
  if (answer.notModified) return new Response(null, { status: 304, headers });
  return json({ bundle: answer.bundle }, { headers });
});
