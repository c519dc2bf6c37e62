import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";
import { getIdentityProvider } from "@/server/sso/list-identity-providers";
import {
  deleteIdentityProvider,
  setIdentityProviderEnabled,
  updateIdentityProvider,
} from "@/server/sso/save-identity-provider";
import { ZSaveIdentityProvider, ZSetEnabled } from "@/server/sso/schemas";

export const GET = withPermission("idp.manage", (ctx, _req, p) => getIdentityProvider(ctx, p.id!));

export const PUT = withPermission("idp.configure", async (ctx, req, p) =>
  updateIdentityProvider(ctx, p.id!, await parseBody(req, ZSaveIdentityProvider)),
);

export const PATCH = withPermission("idp.manage", async (ctx, req, p) =>
  setIdentityProviderEnabled(ctx, p.id!, (await parseBody(req, ZSetEnabled)).enabled),
);

export const DELETE = withPermission("idp.configure", async (ctx, _req, p) => {
  await deleteIdentityProvider(ctx, p.id!);
});
