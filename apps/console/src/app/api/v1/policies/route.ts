import { withPermission } from "@/server/http/guard";
import { parseBody, parseQuery } from "@/server/http/respond";
import { createPolicy } from "@/server/policies/create-policy";
import { listPolicies } from "@/server/policies/list-policies";
import { ZCreatePolicy, ZListPolicies } from "@/server/policies/schemas";

export const GET = withPermission("policy.read", (ctx, req) => listPolicies(ctx, parseQuery(req, ZListPolicies)));

export const POST = withPermission("policy.write", async (ctx, req) =>
  Response.json(await createPolicy(ctx, await parseBody(req, ZCreatePolicy)), { status: 201 }),
);
