import { deleteReportSchedule } from "@/server/compliance/delete-report-schedule";
import { withPermission } from "@/server/http/guard";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const DELETE = withPermission("compliance.export", (ctx, _req, p) => deleteReportSchedule(ctx, p.id!));
