import { exportEvidencePackage } from "@/server/compliance/export-evidence-package";
import { ZComplianceReportQuery } from "@/server/compliance/schemas";
import { withPermission } from "@/server/http/guard";
import { parseQuery } from "@/server/http/respond";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withPermission("compliance.export", (ctx, req) =>
  exportEvidencePackage(ctx, parseQuery(req, ZComplianceReportQuery)),
);
