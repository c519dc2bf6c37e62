import { listGroups } from "@/server/groups/list-groups";
import { createGroup } from "@/server/groups/save-group";
import { ZCreateGroup, ZListGroups } from "@/server/groups/schemas";
import { withPermission } from "@/server/http/guard";
import { parseBody, parseQuery } from "@/server/http/respond";

export const GET = withPermission("group.read", (ctx, req) => listGroups(ctx, parseQuery(req, ZListGroups)));

export const POST = withPermission("group.create", async (ctx, req) =>
  Response.json(await createGroup(ctx, await parseBody(req, ZCreateGroup)), { status: 201 }),
);
