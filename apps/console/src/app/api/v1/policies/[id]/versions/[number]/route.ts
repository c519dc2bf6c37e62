import { withPermission } from "@/server/http/guard";
import { getPolicyVersion } from "@/server/policies/get-policy";
import { parseVersionNumber } from "@/server/policies/load-policy";

export const GET = withPermission("policy.read", (ctx, _req, p) =>
  getPolicyVersion(ctx, p.id!, parseVersionNumber(p.number)),
);
