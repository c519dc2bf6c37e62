import { withPermission } from "@/server/http/guard";
import { getPolicy } from "@/server/policies/get-policy";

export const GET = withPermission("policy.read", (ctx, _req, p) => getPolicy(ctx, p.id!));
