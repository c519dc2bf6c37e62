import { randomBytes } from "node:crypto";
import { expectAccessibleAtWidths } from "../a11y";
import { expect, test } from "../fixtures";
import { IdpSetupPage, SignInPage, TestIdpAdminPage } from "../pages";

/**
 * The Okta SAML setup path, as an admin walks it: the console shows the SP values with copy
 * buttons while the IdP is being added; they are pasted into the IdP's "create app" form; the
 * IdP's metadata comes back into the console; a user signs in from the IdP's tile (IdP-initiated);
 * the IdP page shows the groups that arrived. With IdP-initiated sign-in off, the tile's user is
 * told why, and the IdP page lists the failure with its reason.
 */
// Two sites (console and IdP), several sign-ins and axe at two widths: more than the default 30 s.
test.describe.configure({ mode: "serial", timeout: 120_000 });

const IDP_URL = () => new URL(process.env.E2E_SAML_METADATA_URL!).origin;
const slug = `e2e-okta-${randomBytes(3).toString("hex")}`;
const appName = `Luminous Console ${slug}`;
let idpPath = "";

test.beforeAll(() => {
  if (process.env.E2E_SSO_PEER_PROBLEMS) throw new Error(`SSO test peers: ${process.env.E2E_SSO_PEER_PROBLEMS}`);
});

test("an owner sets up Okta-style SAML by copying the console's values into the IdP", async ({
  page,
  context,
  baseURL,
  owner,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await new SignInPage(page).signInAs(owner.email, owner.password);
  // The test IdP's users have emails of this domain: it must be one of the org's.
  const settings = await (await page.request.get("/api/v1/identity-providers/settings")).json();
  if (!settings.domains.includes("idp.example.test")) {
    const put = await page.request.put("/api/v1/identity-providers/settings", {
      data: { ...settings, domains: [...settings.domains, "idp.example.test"] },
      headers: { Origin: baseURL! },
    });
    expect(put.ok(), await put.text()).toBe(true);
  }

  await page.goto("/settings/identity-providers/new?type=saml");
  const form = page.getByRole("form", { name: "Identity provider settings" });
  await form.getByLabel("Display name").fill("Okta");
  await form.getByLabel("Short name (used in URLs)").fill(slug);
  const setup = new IdpSetupPage(page);
  const acsUrl = await setup.copy("ACS URL (Single sign-on URL, Reply URL)");
  const entityId = await setup.copy("SP entity id (Audience URI)");
  expect(acsUrl).toBe(`${baseURL}/api/sso/saml/${slug}/acs`);

  // In the IdP (another tab, as an admin would): create the app from the copied values.
  const idpTab = await context.newPage();
  const metadata = await new TestIdpAdminPage(idpTab, IDP_URL()).createApp(appName, acsUrl, entityId);
  await idpTab.close();

  await form.getByLabel(/IdP metadata XML/).fill(metadata);
  await form.getByRole("button", { name: "Use Okta attributes" }).click();
  await form.getByLabel("Allow IdP-initiated sign-in").check();
  await form.getByRole("button", { name: "Add identity provider" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Okta" })).toBeVisible();
  idpPath = new URL(page.url()).pathname;
  // The saved IdP shows the very values pasted into the IdP.
  expect(await setup.shown("ACS URL (Single sign-on URL, Reply URL)")).toBe(acsUrl);
  expect(await setup.shown("SP entity id (Audience URI)")).toBe(entityId);

  const mappings = page.getByRole("form", { name: "Group mappings" });
  await mappings.getByRole("button", { name: "Add mapping" }).click();
  await mappings.getByLabel("IdP group 1").fill("helpdesk-team");
  await mappings.getByLabel("Role 1").selectOption({ label: "Helpdesk" });
  await mappings.getByRole("button", { name: "Add mapping" }).click();
  await mappings.getByLabel("IdP group 2").fill("never-sent-group");
  await mappings.getByLabel("Role 2").selectOption({ label: "Auditor" });
  await mappings.getByRole("button", { name: "Save mappings" }).click();
  await expect(mappings.getByRole("status")).toHaveText("Mappings saved");
  await expectAccessibleAtWidths(page);
});

test("a user signs in from the IdP's tile; the IdP page shows the groups it sent", async ({ browser, page, owner }) => {
  const user = await browser.newContext();
  const tab = await user.newPage();
  await new TestIdpAdminPage(tab, IDP_URL()).signInFromTile(appName, "tia", "tia-pass-1");
  await expect(tab.getByRole("navigation", { name: "Main" })).toContainText("Tia Tile");
  await user.close();

  await new SignInPage(page).signInAs(owner.email, owner.password);
  await page.goto(idpPath);
  const received = page.getByRole("list", { name: "Groups received" });
  await expect(received).toContainText("tia@idp.example.test");
  await expect(received).toContainText("helpdesk-team, staff");
  await expect(page.getByRole("note", { name: "Mappings that never matched" })).toContainText("never-sent-group");
  await expectAccessibleAtWidths(page);
});

test("with IdP-initiated sign-in off, the tile's user is told why and the failure is listed", async ({
  browser,
  page,
  owner,
}) => {
  await new SignInPage(page).signInAs(owner.email, owner.password);
  await page.goto(idpPath);
  const form = page.getByRole("form", { name: "Identity provider settings" });
  await form.getByLabel("Allow IdP-initiated sign-in").uncheck();
  await form.getByRole("button", { name: "Save identity provider" }).click();
  await expect(page.getByRole("region", { name: "Settings" }).getByRole("status")).toHaveText("Saved");

  const user = await browser.newContext();
  const tab = await user.newPage();
  await new TestIdpAdminPage(tab, IDP_URL()).signInFromTile(appName, "tia", "tia-pass-1");
  await expect(tab).toHaveURL(/\/signin\?error=idp_initiated/);
  const alert = tab.locator("form").getByRole("alert");
  await expect(alert).toContainText("started from your identity provider");
  const ref = /reference ([^)]+)\)/.exec((await alert.textContent()) ?? "")?.[1];
  expect(ref).toBeTruthy();
  await user.close();

  await page.reload();
  const failures = page.getByRole("table", { name: "Recent sign-in failures" });
  await expect(failures).toContainText("idp_initiated_disabled");
  await failures.getByRole("link", { name: ref! }).click();
  await expect(page).toHaveURL(/\/audit\?requestId=/);
  await expect(page.getByLabel("Reference (request id)")).toHaveValue(ref!);
});
