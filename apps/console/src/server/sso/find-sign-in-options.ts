import { db } from "../db";
import { samlUrls } from "./idp-urls";

/**
 * The email-first step of the sign-in page: which of the org's identity providers serve this
 * email's domain. An unknown domain gets the password form, like any local account.
 */
export async function findSignInOptions(email: string) {
  const domain = email.split("@")[1]?.toLowerCase() ?? "";
  const org = domain ? await db().org.findFirst({ where: { domains: { has: domain } } }) : null;
  if (!org) return { providers: [], password: true };
  const idps = await db().identityProvider.findMany({
    where: { orgId: org.id, enabled: true },
    orderBy: { name: "asc" },
  });
  return {
    providers: idps.map((i) => ({
      slug: i.slug,
      name: i.name,
      type: i.type as "saml" | "oidc" | "ldap",
      key: i.spKey,
      ...(i.type === "saml" ? { startUrl: new URL(samlUrls(i.spKey).startUrl).pathname } : {}),
    })),
    password: !org.ssoEnforced || idps.length === 0,
  };
}

export async function describeIdp(slug: string) {
  // By slug, or by the IdP's stable URL key (Okta's "Initiate login URI" uses it).
  const i =
    (await db().identityProvider.findUnique({ where: { slug } })) ??
    (await db().identityProvider.findUnique({ where: { spKey: slug } }));
  if (!i?.enabled) return null;
  return {
    slug: i.slug,
    name: i.name,
    type: i.type as "saml" | "oidc" | "ldap",
    key: i.spKey,
    ...(i.type === "saml" ? { startUrl: new URL(samlUrls(i.spKey).startUrl).pathname } : {}),
  };
}
