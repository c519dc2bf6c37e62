import { auditIntegrity } from "@/server/audit/audit-integrity";
import { withPermission } from "@/server/http/guard";

export const dynamic = "force-dynamic";

export const GET = withPermission("audit.read", (ctx) => auditIntegrity(ctx));
