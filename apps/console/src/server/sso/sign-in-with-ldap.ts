import { InvalidCredentialsError } from "ldapts";
import { hit } from "../auth/rate-limit";
import { findLdapUser, ldapGroupsOf, ldapProfile } from "./find-ldap-user";
import { ldapConfig, openSecret, ZLdapSecret } from "./idp-config";
import { connectLdap, ldapFailureMessage, withServiceBind } from "./ldap-connection";
import { loadEnabledIdp } from "./load-identity-provider";
import type { TLdapSignIn } from "./schemas";
import { signInWithSso } from "./sign-in-with-sso";
import { recordSsoFailure, type SignInMeta, SsoFailure } from "./sso-failure";

/**
 * Directory password sign-in: find the user with the service account (username escaped into
 * the filter), then bind as that user with the password they typed. A wrong password, an unknown
 * user and a directory outage are all refused and audited; the message shown is the same.
 */
export async function signInWithLdap(input: TLdapSignIn, meta: SignInMeta) {
  await hit(`ldap:ip:${meta.ip ?? "unknown"}`, 30, 300);
  await hit(`ldap:user:${input.idp}:${input.username.toLowerCase()}`, 10, 900);
  const idp = await loadEnabledIdp(input.idp, "ldap");
  const cfg = ldapConfig(idp);
  try {
    const { bindPassword } = openSecret(idp, ZLdapSecret);
    const found = await withServiceBind(cfg, bindPassword, async (client) => {
      const entry = await findLdapUser(client, cfg, input.username);
      if (!entry) throw new SsoFailure("unknown_user", "No directory entry matches this username", input.username);
      return { ...ldapProfile(cfg, entry), groups: await ldapGroupsOf(client, cfg, entry) };
    });
    const userClient = await connectLdap(cfg);
    try {
      await userClient.bind(found.dn, input.password);
    } catch (e) {
      if (e instanceof InvalidCredentialsError)
        throw new SsoFailure("ldap_bind_failed", "Wrong directory password", input.username);
      throw new SsoFailure("ldap_unavailable", `Directory error: ${ldapFailureMessage(e)}`, input.username);
    } finally {
      await userClient.unbind().catch(() => {});
    }
    return await signInWithSso(
      idp,
      { externalId: found.dn, email: found.email, name: found.name, groups: found.groups },
      meta,
    );
  } catch (e) {
    if (e instanceof SsoFailure && !e.recorded) {
      await recordSsoFailure(idp, meta, e.subject ? e : new SsoFailure(e.reason, e.message, input.username));
    }
    throw e;
  }
}
