import { withPermission } from "@/server/http/guard";
import { issueScimToken } from "@/server/scim/issue-scim-token";
import { revokeScimToken } from "@/server/scim/revoke-scim-token";

export const POST = withPermission("scim.manage", async (ctx) =>
  Response.json(await issueScimToken(ctx), { status: 201 }),
);
export const DELETE = withPermission("scim.manage", (ctx) => revokeScimToken(ctx));
