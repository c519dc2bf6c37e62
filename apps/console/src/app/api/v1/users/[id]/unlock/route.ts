import { withPermission } from "@/server/http/guard";
import { unlockUser } from "@/server/users/set-user-status";

export const POST = withPermission("user.unlock", (ctx, _req, p) => unlockUser(ctx, p.id!));
