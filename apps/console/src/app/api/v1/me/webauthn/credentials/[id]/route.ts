import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";
import { removeCredential } from "@/server/webauthn/remove-credential";
import { ZRemoveCredential } from "@/server/webauthn/schemas";

export const DELETE = withPermission(null, async (ctx, req, p) => {
  await removeCredential(ctx, p.id!, await parseBody(req, ZRemoveCredential));
});
