import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";
import { listIdentityProviders } from "@/server/sso/list-identity-providers";
import { createIdentityProvider } from "@/server/sso/save-identity-provider";
import { ZSaveIdentityProvider } from "@/server/sso/schemas";

export const GET = withPermission("idp.manage", (ctx) => listIdentityProviders(ctx));

export const POST = withPermission("idp.configure", async (ctx, req) =>
  Response.json(await createIdentityProvider(ctx, await parseBody(req, ZSaveIdentityProvider)), { status: 201 }),
);
