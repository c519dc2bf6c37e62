import { X509Certificate } from "node:crypto";
import type { Ctx } from "../http/guard";
import { findLdapUser, ldapGroupsOf, ldapProfile } from "./find-ldap-user";
import { ldapConfig, oidcConfig, openSecret, samlConfig, ZLdapSecret } from "./idp-config";
import { withServiceBind } from "./ldap-connection";
import { loadOrgIdp } from "./load-identity-provider";
import { toPem } from "./parse-saml-metadata";
import { testOidcIssuer } from "./test-oidc-issuer";

interface Step {
  step: string;
  ok: boolean;
  detail: string;
}

/**
 * The Settings "Test" button. LDAP: connect (with TLS as configured), bind as the service
 * account and optionally look a user up, showing the groups the mapping would see. OIDC: fetch
 * discovery and check the issuer. SAML: the IdP certificates and their expiry.
 */
export async function testIdentityProvider(ctx: Ctx, id: string, username: string) {
  const idp = await loadOrgIdp(ctx.orgId, id);
  const steps: Step[] = [];
  let user: { dn: string; email: string; name: string; groups: string[] } | null = null;
  if (idp.type === "ldap") {
    const cfg = ldapConfig(idp);
    try {
      user = await withServiceBind(cfg, openSecret(idp, ZLdapSecret).bindPassword, async (client) => {
        steps.push({ step: "connect", ok: true, detail: `${cfg.url}${cfg.startTls ? " with StartTLS" : ""}` });
        steps.push({ step: "service bind", ok: true, detail: cfg.bindDn });
        if (!username) return null;
        const entry = await findLdapUser(client, cfg, username);
        if (!entry) {
          steps.push({ step: "user lookup", ok: false, detail: `No entry for ${username}` });
          return null;
        }
        const found = { ...ldapProfile(cfg, entry), groups: await ldapGroupsOf(client, cfg, entry) };
        steps.push({ step: "user lookup", ok: true, detail: found.dn });
        return found;
      });
    } catch (e) {
      steps.push({ step: "directory", ok: false, detail: (e as Error).message });
    }
  } else if (idp.type === "oidc") {
    steps.push(...(await testOidcIssuer(oidcConfig(idp).issuer)));
  } else {
    const cfg = samlConfig(idp);
    for (const c of cfg.idpCerts) {
      try {
        const x = new X509Certificate(toPem(c));
        const ok = new Date(x.validTo) > new Date();
        steps.push({ step: "certificate", ok, detail: `${x.subject.replace(/\n/g, ", ")}; valid until ${x.validTo}` });
      } catch (e) {
        steps.push({ step: "certificate", ok: false, detail: (e as Error).message });
      }
    }
  }
  return { ok: steps.length > 0 && steps.every((s) => s.ok), steps, user };
}
