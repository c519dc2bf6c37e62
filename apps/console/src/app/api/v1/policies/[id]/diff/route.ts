import { withPermission } from "@/server/http/guard";
import { parseQuery } from "@/server/http/respond";
import { diffPolicyVersions } from "@/server/policies/diff-policy-versions";
import { ZDiffQuery } from "@/server/policies/schemas";

export const GET = withPermission("policy.read", (ctx, req, p) => {
  const q = parseQuery(req, ZDiffQuery);
  return diffPolicyVersions(ctx, p.id!, q.from, q.to);
});
