import { withPermission } from "@/server/http/guard";
import { getNotificationSettings } from "@/server/notifications/get-notification-settings";

/** Settings -> Notifications: the mail server (never its password) and the webhook endpoints (never their secrets). */
export const GET = withPermission("settings.read", (ctx) => getNotificationSettings(ctx));
