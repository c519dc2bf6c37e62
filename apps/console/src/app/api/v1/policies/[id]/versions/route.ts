import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";
import { createPolicyVersion } from "@/server/policies/create-policy-version";
import { getPolicy } from "@/server/policies/get-policy";
import { ZNewVersion } from "@/server/policies/schemas";

export const GET = withPermission("policy.read", async (ctx, _req, p) => ({
  items: (await getPolicy(ctx, p.id!)).versions,
}));

export const POST = withPermission("policy.write", async (ctx, req, p) =>
  Response.json(await createPolicyVersion(ctx, p.id!, await parseBody(req, ZNewVersion)), { status: 201 }),
);
