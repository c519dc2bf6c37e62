import { exportAuditEvents, ZExportAuditEvents } from "@/server/audit/export-audit-events";
import { withPermission } from "@/server/http/guard";
import { parseQuery } from "@/server/http/respond";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withPermission("audit.export", (ctx, req) =>
  exportAuditEvents(ctx, parseQuery(req, ZExportAuditEvents)),
);
