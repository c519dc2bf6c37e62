import { withPermission } from "@/server/http/guard";
import { emailConfigured } from "@/server/notifications/get-notification-settings";

/** Whether an invitation is also emailed (a mail server is configured): the invite dialog names its button after it. */
export const GET = withPermission("user.create", async (ctx) => ({ email: await emailConfigured(ctx.orgId) }));
