import { issueEnrollmentToken, listEnrollmentTokens } from "@/server/enrollment/enrollment-tokens";
import { ZCreateEnrollmentToken, ZListEnrollmentTokens } from "@/server/enrollment/schemas";
import { withPermission } from "@/server/http/guard";
import { parseBody, parseQuery } from "@/server/http/respond";

export const GET = withPermission("enrollment.manage", (ctx, req) =>
  listEnrollmentTokens(ctx, parseQuery(req, ZListEnrollmentTokens)),
);

/** The token and the enroll command are in this answer only. */
export const POST = withPermission("enrollment.manage", async (ctx, req) =>
  Response.json(await issueEnrollmentToken(ctx, await parseBody(req, ZCreateEnrollmentToken)), {
    status: 201,
    headers: { "cache-control": "no-store" },
  }),
);
