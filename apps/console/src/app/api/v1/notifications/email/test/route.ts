import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";
import { ZTestEmail } from "@/server/notifications/schemas";
import { sendTestEmail } from "@/server/notifications/send-test-email";

/** Sends a test email through the saved settings at once and answers how it went. */
export const POST = withPermission("settings.update", async (ctx, req) =>
  sendTestEmail(ctx, await parseBody(req, ZTestEmail)),
);
