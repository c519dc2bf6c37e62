import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";
import { ZStepUpSettings } from "@/server/step-up/schemas";
import { getStepUpSettings, updateStepUpSettings } from "@/server/step-up/step-up-settings";

export const GET = withPermission("settings.read", (ctx) => getStepUpSettings(ctx));

export const PUT = withPermission("settings.update", async (ctx, req) =>
  updateStepUpSettings(ctx, await parseBody(req, ZStepUpSettings)),
);
