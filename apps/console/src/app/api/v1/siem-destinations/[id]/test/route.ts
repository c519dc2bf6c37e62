import { withPermission } from "@/server/http/guard";
import { sendSiemTestEvent } from "@/server/siem/test-destination";

export const POST = withPermission("settings.update", (ctx, _req, p) => sendSiemTestEvent(ctx, p.id!));
