import { verifyAuditNow } from "@/server/audit/audit-integrity";
import { withPermission } from "@/server/http/guard";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withPermission("audit.read", (ctx) => verifyAuditNow(ctx));
