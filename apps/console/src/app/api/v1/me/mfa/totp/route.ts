import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";
import { disableTotp, startTotp } from "@/server/profile/mfa";
import { ZDisableTotp } from "@/server/profile/schemas";

export const POST = withPermission(null, (ctx) => startTotp(ctx));

export const DELETE = withPermission(null, async (ctx, req) => {
  await disableTotp(ctx, await parseBody(req, ZDisableTotp));
});
