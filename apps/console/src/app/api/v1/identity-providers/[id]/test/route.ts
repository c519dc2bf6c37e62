import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";
import { ZTestLdap } from "@/server/sso/schemas";
import { testIdentityProvider } from "@/server/sso/test-identity-provider";

/** Checks the settings against the real IdP (LDAP: connect, bind, look up a user). */
export const POST = withPermission("idp.manage", async (ctx, req, p) =>
  testIdentityProvider(ctx, p.id!, (await parseBody(req, ZTestLdap)).username),
);
