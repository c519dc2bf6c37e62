import { listReportRuns } from "@/server/compliance/list-report-runs";
import { ZRequestReportRun } from "@/server/compliance/report-run-schemas";
import { requestReportRun } from "@/server/compliance/request-report-run";
import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withPermission("compliance.read", (ctx) => listReportRuns(ctx));

export const POST = withPermission("compliance.export", async (ctx, req) =>
  Response.json(await requestReportRun(ctx, await parseBody(req, ZRequestReportRun)), { status: 202 }),
);
