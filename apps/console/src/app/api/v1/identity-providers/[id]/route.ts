import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";
import { ZPatchIdentityProvider, ZPutIdentityProvider } from "@/server/sso/idp-input-of";
import { getIdentityProvider } from "@/server/sso/list-identity-providers";
import { patchIdentityProvider } from "@/server/sso/patch-identity-provider";
import { deleteIdentityProvider, updateIdentityProvider } from "@/server/sso/save-identity-provider";

export const GET = withPermission("idp.manage", (ctx, _req, p) => getIdentityProvider(ctx, p.id!));

export const PUT = withPermission("idp.configure", async (ctx, req, p) =>
  updateIdentityProvider(ctx, p.id!, await parseBody(req, ZPutIdentityProvider)),
);

/** `{ enabled }` alone is an admin's switch (idp.manage); any other setting needs idp.configure. */
export const PATCH = withPermission("idp.manage", async (ctx, req, p) =>
  patchIdentityProvider(ctx, p.id!, await parseBody(req, ZPatchIdentityProvider)),
);

export const DELETE = withPermission("idp.configure", async (ctx, _req, p) => {
  await deleteIdentityProvider(ctx, p.id!);
});
