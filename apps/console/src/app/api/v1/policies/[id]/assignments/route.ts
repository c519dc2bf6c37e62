import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";
import { assignPolicy } from "@/server/policies/assign-policy";
import { getPolicy } from "@/server/policies/get-policy";
import { ZAssignPolicy } from "@/server/policies/schemas";

export const GET = withPermission("policy.read", async (ctx, _req, p) => ({
  items: (await getPolicy(ctx, p.id!)).assignments,
}));

/** 201 for a new assignment, 200 when it already existed. */
export const POST = withPermission("policy.assign", async (ctx, req, p) => {
  const r = await assignPolicy(ctx, p.id!, await parseBody(req, ZAssignPolicy));
  return Response.json(r.assignment, { status: r.created ? 201 : 200 });
});
