import { publicAgentRoute } from "../../../../../server/agent/agent-route";
import { enrollDevice, limitEnrollment } from "../../../../../server/agent/enroll-device";
import { ZEnrollInput } from "../../../../../server/agent/schemas";
import { json, parseWith } from "../../../../../server/http/respond";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = publicAgentRoute(async (_req, ctx, body) => {
  await limitEnrollment(ctx.ip);
  const input = parseWith(ZEnrollInput, body, "request body");
  return json(await enrollDevice(input, ctx.meta, ctx.ip), { status: 201 });
});
