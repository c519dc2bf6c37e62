import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";
import { getScimSettings } from "@/server/scim/get-scim-settings";
import { saveScimSettings } from "@/server/scim/save-scim-settings";
import { ZSaveScimSettings } from "@/server/scim/settings-schemas";

export const GET = withPermission("scim.manage", (ctx) => getScimSettings(ctx));
export const PUT = withPermission("scim.manage", async (ctx, req) =>
  saveScimSettings(ctx, await parseBody(req, ZSaveScimSettings)),
);
