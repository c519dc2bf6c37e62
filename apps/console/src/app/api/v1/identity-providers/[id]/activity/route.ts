import { withPermission } from "@/server/http/guard";
import { getIdpActivity } from "@/server/sso/get-idp-activity";

/** Recent refused sign-ins (with references), the groups received at the last sign-ins, mapping hits. */
export const GET = withPermission("idp.manage", (ctx, _req, p) => getIdpActivity(ctx, p.id!));
