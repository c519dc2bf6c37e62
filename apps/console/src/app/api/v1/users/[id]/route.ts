import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";
import { getUser } from "@/server/users/get-user";
import { ZUpdateUser } from "@/server/users/schemas";
import { updateUser } from "@/server/users/update-user";

export const GET = withPermission("user.read", (ctx, _req, p) => getUser(ctx, p.id!));

export const PATCH = withPermission("user.update", async (ctx, req, p) =>
  updateUser(ctx, p.id!, await parseBody(req, ZUpdateUser)),
);
