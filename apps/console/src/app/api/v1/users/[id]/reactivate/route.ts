import { withPermission } from "@/server/http/guard";
import { setUserStatus } from "@/server/users/set-user-status";

export const POST = withPermission("user.deactivate", (ctx, _req, p) => setUserStatus(ctx, p.id!, "active"));
