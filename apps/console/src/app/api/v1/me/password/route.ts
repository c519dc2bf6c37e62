import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";
import { changePassword } from "@/server/profile/me";
import { ZChangePassword } from "@/server/profile/schemas";

export const POST = withPermission(null, async (ctx, req) => {
  await changePassword(ctx, await parseBody(req, ZChangePassword));
});
