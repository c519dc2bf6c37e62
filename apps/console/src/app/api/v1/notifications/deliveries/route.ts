import { withPermission } from "@/server/http/guard";
import { parseQuery } from "@/server/http/respond";
import { listDeliveries } from "@/server/notifications/list-deliveries";
import { ZListDeliveries } from "@/server/notifications/schemas";

/** The delivery log: recent emails and webhook calls, their state and last error. */
export const GET = withPermission("settings.read", (ctx, req) => listDeliveries(ctx, parseQuery(req, ZListDeliveries)));
