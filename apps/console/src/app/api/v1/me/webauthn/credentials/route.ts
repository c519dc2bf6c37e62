import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";
import { listCredentials } from "@/server/webauthn/list-credentials";
import { registerCredential } from "@/server/webauthn/register-credential";
import { ZRegisterCredential } from "@/server/webauthn/schemas";

export const GET = withPermission(null, (ctx) => listCredentials(ctx));

export const POST = withPermission(null, async (ctx, req) =>
  Response.json(await registerCredential(ctx, await parseBody(req, ZRegisterCredential)), { status: 201 }),
);
