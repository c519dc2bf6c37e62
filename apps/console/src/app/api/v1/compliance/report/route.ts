import { getComplianceReport } from "@/server/compliance/get-compliance-report";
import { ZComplianceReportQuery } from "@/server/compliance/schemas";
import { withPermission } from "@/server/http/guard";
import { parseQuery } from "@/server/http/respond";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withPermission("compliance.read", (ctx, req) =>
  getComplianceReport(ctx, parseQuery(req, ZComplianceReportQuery)),
);
