import type { IdentityProvider } from "@luminous/db";
import { InvalidCredentialsError } from "ldapts";
import { hit } from "../auth/rate-limit";
import { findLdapUser, ldapGroupsOf, ldapProfile } from "./find-ldap-user";
import { ldapConfig, openSecret, ZLdapSecret } from "./idp-config";
import { connectLdap, ldapFailureMessage, withServiceBind } from "./ldap-connection";
import { loadEnabledIdp } from "./load-identity-provider";
import type { SsoIdentity } from "./provision-sso-user";
import type { TLdapSignIn } from "./schemas";
import { signInWithSso } from "./sign-in-with-sso";
import { recordSsoFailure, type SignInMeta, SsoFailure } from "./sso-failure";

/**
 * Directory password check: find the user with the service account (username escaped into the
 * filter), then bind as that user with the password they typed. An empty or blank password is
 * refused here, whatever the caller validated: to most directories a bind without a password is
 * an anonymous bind, which "succeeds" for any user. Refusals are audited by the callers.
 */
export async function authenticateLdap(
  idp: IdentityProvider,
  input: { username: string; password: string },
): Promise<SsoIdentity> {
  if (typeof input.password !== "string" || input.password.trim() === "")
    throw new SsoFailure("empty_password", "An empty or blank directory password is refused", input.username);
  const cfg = ldapConfig(idp);
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
  return { externalId: found.dn, email: found.email, name: found.name, groups: found.groups, emailVerified: true };
}

/** Marks a refusal with the username when it has no subject of its own, and audits it once. */
export async function auditLdapRefusal(idp: IdentityProvider, meta: SignInMeta, e: unknown, username: string) {
  if (e instanceof SsoFailure && !e.recorded)
    await recordSsoFailure(idp, meta, e.subject ? e : new SsoFailure(e.reason, e.message, username));
}

/** Directory password sign-in; a wrong password, an unknown user and an outage look the same to the user. */
export async function signInWithLdap(input: TLdapSignIn, meta: SignInMeta) {
  await hit(`ldap:ip:${meta.ip ?? "unknown"}`, 30, 300);
  await hit(`ldap:user:${input.idp}:${input.username.toLowerCase()}`, 10, 900);
  const idp = await loadEnabledIdp(input.idp, "ldap");
  try {
    return await signInWithSso(idp, await authenticateLdap(idp, input), meta);
  } catch (e) {
    await auditLdapRefusal(idp, meta, e, input.username);
    throw e;
  }
}
