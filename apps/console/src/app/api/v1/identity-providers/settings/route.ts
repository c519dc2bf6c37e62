import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";
import { ZSsoSettings } from "@/server/sso/schemas";
import { getSsoSettings, updateSsoSettings } from "@/server/sso/sso-settings";

/** Sign-in settings: the org's email domains and SSO enforcement with its break-glass owner. */
export const GET = withPermission("settings.read", (ctx) => getSsoSettings(ctx));

export const PUT = withPermission("settings.update", async (ctx, req) =>
  updateSsoSettings(ctx, await parseBody(req, ZSsoSettings)),
);
