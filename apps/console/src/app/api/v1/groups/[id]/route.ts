import { loadGroup } from "@/server/groups/load-group";
import { presentGroup } from "@/server/groups/present";
import { deleteGroup, updateGroup } from "@/server/groups/save-group";
import { ZUpdateGroup } from "@/server/groups/schemas";
import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";

export const GET = withPermission("group.read", async (ctx, _req, p) => presentGroup(await loadGroup(ctx, p.id!)));

export const PATCH = withPermission("group.update", async (ctx, req, p) =>
  updateGroup(ctx, p.id!, await parseBody(req, ZUpdateGroup)),
);

export const DELETE = withPermission("group.delete", (ctx, _req, p) => deleteGroup(ctx, p.id!));
