import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";
import { saveEmailSettings } from "@/server/notifications/save-email-settings";
import { ZEmailSettingsInput } from "@/server/notifications/schemas";

export const PUT = withPermission("settings.update", async (ctx, req) =>
  saveEmailSettings(ctx, await parseBody(req, ZEmailSettingsInput)),
);
