import { withPermission } from "@/server/http/guard";
import { parseQuery } from "@/server/http/respond";
import { listNotices } from "@/server/notices/list-notices";
import { ZListNotices } from "@/server/notices/schemas";

/** The caller's own notices (any signed-in user: each sees only their own). */
export const GET = withPermission(null, (ctx, req) => listNotices(ctx, parseQuery(req, ZListNotices)));
