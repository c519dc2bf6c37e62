import { hit } from "@/server/auth/rate-limit";
import { publicRoute } from "@/server/http/guard";
import { clientIp } from "@/server/http/request-meta";
import { parseBody } from "@/server/http/respond";
import { findSignInOptions } from "@/server/sso/find-sign-in-options";
import { ZDiscover } from "@/server/sso/schemas";

/** Email-first sign-in: which identity providers serve this email's domain. */
export const POST = publicRoute(async (req) => {
  await hit(`sso-discover:ip:${clientIp(req) ?? "unknown"}`, 60, 300);
  const { email } = await parseBody(req, ZDiscover);
  return findSignInOptions(email);
});
