import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";
import { checkPolicySource } from "@/server/policies/check-policy-source";
import { ZValidatePolicy } from "@/server/policies/schemas";

/** Validation without saving: 200 with { ok, errors[] (path, line, column, message) } either way. */
export const POST = withPermission("policy.read", async (_ctx, req) => {
  const input = await parseBody(req, ZValidatePolicy);
  const r = checkPolicySource(input.source);
  return r.ok ? { ok: true, errors: [], document: r.document, contentHash: r.hash, standalone: r.standalone } : r;
});
