import { getComplianceHistory, ZComplianceHistoryQuery } from "@/server/compliance/get-compliance-history";
import { withPermission } from "@/server/http/guard";
import { parseQuery } from "@/server/http/respond";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withPermission("compliance.read", (ctx, req) =>
  getComplianceHistory(ctx, parseQuery(req, ZComplianceHistoryQuery)),
);
