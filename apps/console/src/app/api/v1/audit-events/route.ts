import { listAuditEvents, ZListAuditEvents } from "@/server/audit/list-audit-events";
import { withPermission } from "@/server/http/guard";
import { parseQuery } from "@/server/http/respond";

export const GET = withPermission("audit.read", (ctx, req) => listAuditEvents(ctx, parseQuery(req, ZListAuditEvents)));
