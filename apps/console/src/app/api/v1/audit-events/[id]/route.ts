import { getAuditEvent } from "@/server/audit/get-audit-event";
import { withPermission } from "@/server/http/guard";

export const GET = withPermission("audit.read", (ctx, _req, params) => getAuditEvent(ctx, params.id ?? ""));
