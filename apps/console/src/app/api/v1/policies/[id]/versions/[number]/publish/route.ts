import { withPermission } from "@/server/http/guard";
import { parseVersionNumber } from "@/server/policies/load-policy";
import { publishPolicyVersion } from "@/server/policies/publish-policy-version";

export const POST = withPermission("policy.publish", (ctx, _req, p) =>
  publishPolicyVersion(ctx, p.id!, parseVersionNumber(p.number)),
);
