import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";
import { createWebhookEndpoint } from "@/server/notifications/create-webhook-endpoint";
import { ZWebhookInput } from "@/server/notifications/schemas";

/** The answer carries the signing secret, this once. */
export const POST = withPermission("settings.update", async (ctx, req) =>
  Response.json(await createWebhookEndpoint(ctx, await parseBody(req, ZWebhookInput)), { status: 201 }),
);
