import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "../fixtures";
import { IdentityProvidersPage, IdpLoginPage, SignInPage, SsoSignInPage } from "../pages";
import { E2E_OIDC_SLUG } from "../sso-peers.setup";

/**
 * Enterprise sign-in in a real browser, through real identity providers (test-peers): an owner
 * sets them up in Settings, then people sign in through SAML, OIDC and LDAP and get exactly the
 * role their IdP group maps to.
 */
test.describe.configure({ mode: "serial" });

const api = (request: APIRequestContext, baseURL: string) => ({
  async post<T>(path: string, data: unknown): Promise<T> {
    const r = await request.post(path, { data, headers: { Origin: baseURL } });
    expect(r.ok(), `${path}: ${await r.text()}`).toBe(true);
    return (await r.json()) as T;
  },
  async put(path: string, data: unknown) {
    const r = await request.put(path, { data, headers: { Origin: baseURL } });
    expect(r.ok(), `${path}: ${await r.text()}`).toBe(true);
  },
});

test.beforeAll(() => {
  if (process.env.E2E_SSO_PEER_PROBLEMS) throw new Error(`SSO test peers: ${process.env.E2E_SSO_PEER_PROBLEMS}`);
});

test("an owner connects SAML, OIDC and LDAP identity providers and maps IdP groups to roles", async ({
  page,
  baseURL,
  owner,
}) => {
  await new SignInPage(page).signInAs(owner.email, owner.password);
  const settings = new IdentityProvidersPage(page);
  await settings.setDomains("idp.example.test, ldap.luminous.test");

  // SAML through the UI, the way an admin does it: paste the IdP's metadata, then map groups.
  const metadata = await (await fetch(process.env.E2E_SAML_METADATA_URL!)).text();
  await settings.addSaml("Corp SAML", "e2e-saml", metadata);
  await expect(page.getByText("/api/sso/saml/e2e-saml/acs")).toBeVisible();
  const spMetadata = await page.request.get("/api/sso/saml/e2e-saml/metadata?download");
  expect(await spMetadata.text()).toContain("AssertionConsumerService");
  await settings.mapGroup("helpdesk-team", "Helpdesk");

  // OIDC and LDAP through the admin API (same handlers, same guard).
  const v1 = api(page.request, baseURL!);
  const oidc = await v1.post<{ id: string }>("/api/v1/identity-providers", {
    type: "oidc",
    preset: "okta",
    name: "Okta (test)",
    slug: E2E_OIDC_SLUG,
    issuer: process.env.E2E_OIDC_ISSUER,
    clientId: process.env.E2E_OIDC_CLIENT_ID,
    clientSecret: process.env.E2E_OIDC_CLIENT_SECRET,
    scopes: "openid email profile groups",
    groupsClaim: "groups",
  });
  await v1.put(`/api/v1/identity-providers/${oidc.id}/mappings`, {
    mappings: [{ idpGroup: "console-admins", role: "admin" }],
  });
  const ldap = await v1.post<{ id: string }>("/api/v1/identity-providers", {
    type: "ldap",
    name: "Corp directory",
    slug: "e2e-ldap",
    url: process.env.E2E_LDAP_URL,
    bindDn: "cn=svc-console,ou=services,dc=luminous,dc=test",
    bindPassword: "service-secret-123",
    userBase: "ou=people,dc=luminous,dc=test",
    groupBase: "ou=groups,dc=luminous,dc=test",
  });
  await v1.put(`/api/v1/identity-providers/${ldap.id}/mappings`, {
    mappings: [{ idpGroup: "engineering", role: "auditor" }],
  });

  // The LDAP "test connection and look up a user" button.
  await page.goto(`/settings/identity-providers/${ldap.id}`);
  await page.getByLabel("Look up a user (optional)").fill("bob");
  await page.getByRole("button", { name: "Test connection and look up user" }).click();
  const result = page.getByRole("status", { name: "Test result" });
  await expect(result).toContainText("All checks passed.");
  await expect(result).toContainText("groups: developers, engineering");
});

test("SAML: a helpdesk-team member signs in and gets Helpdesk, and nothing more", async ({ page }) => {
  const sso = new SsoSignInPage(page);
  await (await sso.offer("hal@idp.example.test", "Corp SAML")).click();
  await new IdpLoginPage(page).logIn("hal", "hal-pass-1");
  await expect(page).toHaveURL(
    (u) => !u.pathname.startsWith("/signin") && u.port !== new URL(process.env.E2E_SAML_METADATA_URL!).port,
  );
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toContainText("Hal Helpdesk");
  await expect(nav).toContainText("Helpdesk");
  await expect(nav.getByRole("link", { name: "Users & groups" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Settings" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  expect((await page.request.get("/api/v1/identity-providers")).status()).toBe(403);
  expect((await page.request.get("/api/v1/audit-events")).status()).toBe(403);
});

test("OIDC: a console-admins member signs in through the OIDC provider and gets Admin", async ({ page }) => {
  const sso = new SsoSignInPage(page);
  await (await sso.offer("ada@idp.example.test", "Okta (test)")).click();
  await new IdpLoginPage(page).logIn("ada", "ada-pass-1");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toContainText("Ada Admin");
  await expect(nav.getByRole("link", { name: "Settings" })).toBeVisible();
  expect((await page.request.get("/api/v1/identity-providers")).status()).toBe(200);
});

test("LDAP: a directory user signs in with their directory password; a wrong one is refused", async ({ page }) => {
  const sso = new SsoSignInPage(page);
  await (await sso.offer("bob@ldap.luminous.test", "Corp directory")).click();
  await sso.directory("bob", "wrong-password");
  await expect(page.locator("form").getByRole("alert")).toHaveText("Invalid username or password");
  await sso.directory("bob", "bob-pass-1");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toContainText("Bob Builder");
  await expect(nav).toContainText("Auditor");
  await expect(nav.getByRole("link", { name: "Audit log" })).toBeVisible();
  expect((await page.request.get("/api/v1/identity-providers")).status()).toBe(403);
});
