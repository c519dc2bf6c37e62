import { withPermission } from "@/server/http/guard";
import { getMe } from "@/server/profile/me";

export const GET = withPermission(null, (ctx) => getMe(ctx));
