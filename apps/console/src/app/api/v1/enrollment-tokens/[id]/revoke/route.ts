import { revokeToken } from "@/server/enrollment/enrollment-tokens";
import { withPermission } from "@/server/http/guard";

export const POST = withPermission("enrollment.manage", (ctx, _req, p) => revokeToken(ctx, p.id!));
