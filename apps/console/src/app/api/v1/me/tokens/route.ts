import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";
import { ZCreateApiToken } from "@/server/profile/schemas";
import { createMyToken, listMyTokens } from "@/server/tokens/api-tokens";

export const GET = withPermission(null, (ctx) => listMyTokens(ctx));

export const POST = withPermission(null, async (ctx, req) =>
  Response.json(await createMyToken(ctx, await parseBody(req, ZCreateApiToken)), { status: 201 }),
);
