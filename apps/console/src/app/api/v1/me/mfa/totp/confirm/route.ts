import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";
import { confirmTotp } from "@/server/profile/mfa";
import { ZConfirmTotp } from "@/server/profile/schemas";

export const POST = withPermission(null, async (ctx, req) =>
  confirmTotp(ctx, (await parseBody(req, ZConfirmTotp)).code),
);
