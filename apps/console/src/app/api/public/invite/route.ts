import { acceptInvite } from "@/server/auth/accept-invite";
import { hit } from "@/server/auth/rate-limit";
import { publicRoute } from "@/server/http/guard";
import { clientIp, userAgent } from "@/server/http/request-meta";
import { parseBody } from "@/server/http/respond";
import { ZAcceptInvite } from "@/server/users/schemas";

export const POST = publicRoute(async (req) => {
  await hit(`invite:ip:${clientIp(req) ?? "unknown"}`, 20, 600);
  return acceptInvite(await parseBody(req, ZAcceptInvite), { ip: clientIp(req), userAgent: userAgent(req) });
});
