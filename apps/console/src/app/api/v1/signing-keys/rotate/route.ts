import { withPermission } from "@/server/http/guard";
import { rotateOrgSigningKey } from "@/server/policies/signing-keys";

export const POST = withPermission("signingkey.rotate", (ctx) => rotateOrgSigningKey(ctx));
