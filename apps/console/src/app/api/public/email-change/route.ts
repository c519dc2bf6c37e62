import { hit } from "@/server/auth/rate-limit";
import { publicRoute } from "@/server/http/guard";
import { clientIp, userAgent } from "@/server/http/request-meta";
import { parseBody } from "@/server/http/respond";
import { confirmEmailChange } from "@/server/users/confirm-email-change";
import { ZConfirmEmailChange } from "@/server/users/schemas";

export const POST = publicRoute(async (req) => {
  await hit(`email-change:ip:${clientIp(req) ?? "unknown"}`, 20, 600);
  const { token } = await parseBody(req, ZConfirmEmailChange);
  return confirmEmailChange(token, { ip: clientIp(req), userAgent: userAgent(req) });
});
