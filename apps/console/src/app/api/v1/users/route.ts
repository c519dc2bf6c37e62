import { withPermission } from "@/server/http/guard";
import { parseBody, parseQuery } from "@/server/http/respond";
import { createUser } from "@/server/users/create-user";
import { listUsers } from "@/server/users/list-users";
import { ZCreateUser, ZListUsers } from "@/server/users/schemas";

export const GET = withPermission("user.read", (ctx, req) => listUsers(ctx, parseQuery(req, ZListUsers)));

export const POST = withPermission("user.create", async (ctx, req) =>
  Response.json(await createUser(ctx, await parseBody(req, ZCreateUser)), { status: 201 }),
);
