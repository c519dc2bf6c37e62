import { createReportSchedule } from "@/server/compliance/create-report-schedule";
import { ZCreateReportSchedule } from "@/server/compliance/report-run-schemas";
import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withPermission("compliance.export", async (ctx, req) =>
  Response.json(await createReportSchedule(ctx, await parseBody(req, ZCreateReportSchedule)), { status: 201 }),
);
