import { withPermission } from "@/server/http/guard";
import { listSigningKeys } from "@/server/policies/signing-keys";

export const GET = withPermission("settings.read", (ctx) => listSigningKeys(ctx));
