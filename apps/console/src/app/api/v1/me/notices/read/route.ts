import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";
import { markNoticesRead } from "@/server/notices/mark-notices-read";
import { ZMarkNoticesRead } from "@/server/notices/schemas";

export const POST = withPermission(null, async (ctx, req) =>
  markNoticesRead(ctx, await parseBody(req, ZMarkNoticesRead)),
);
