import { withPermission } from "@/server/http/guard";
import { deleteWebhookEndpoint } from "@/server/notifications/delete-webhook-endpoint";

export const DELETE = withPermission("settings.update", (ctx, _req, p) => deleteWebhookEndpoint(ctx, p.id!));
