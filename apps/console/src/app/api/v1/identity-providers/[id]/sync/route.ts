import { AppError } from "@/server/http/errors";
import { withPermission } from "@/server/http/guard";
import { loadOrgIdp } from "@/server/sso/load-identity-provider";
import { SsoFailure } from "@/server/sso/sso-failure";
import { syncLdapDirectory } from "@/server/sso/sync-ldap-directory";

/** Runs the LDAP directory sync for one IdP now (it also runs on a schedule). */
export const POST = withPermission("idp.manage", async (ctx, _req, p) => {
  const idp = await loadOrgIdp(ctx.orgId, p.id!);
  if (idp.type !== "ldap") throw new AppError("validation", "Only LDAP identity providers sync");
  try {
    return await syncLdapDirectory(idp, ctx.meta);
  } catch (e) {
    // A directory outage aborts the sync before it changes anything.
    if (e instanceof SsoFailure) throw new AppError("unavailable", e.message);
    throw e;
  }
});
