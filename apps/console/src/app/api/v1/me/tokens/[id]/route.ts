import { withPermission } from "@/server/http/guard";
import { revokeMyToken } from "@/server/tokens/api-tokens";

export const DELETE = withPermission(null, (ctx, _req, p) => revokeMyToken(ctx, p.id!));
