import { exportComplianceReport } from "@/server/compliance/export-compliance-report";
import { ZComplianceExportQuery } from "@/server/compliance/schemas";
import { withPermission } from "@/server/http/guard";
import { parseQuery } from "@/server/http/respond";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withPermission("compliance.export", (ctx, req) =>
  exportComplianceReport(ctx, parseQuery(req, ZComplianceExportQuery)),
);
