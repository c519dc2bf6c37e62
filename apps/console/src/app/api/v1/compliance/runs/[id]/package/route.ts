import { downloadReportRun } from "@/server/compliance/download-report-run";
import { withPermission } from "@/server/http/guard";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withPermission("compliance.export", (ctx, _req, p) => downloadReportRun(ctx, p.id!));
