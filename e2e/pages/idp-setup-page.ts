import { expect, type Locator, type Page } from "@playwright/test";

/** The IdP page's setup values (what the admin pastes into the IdP), read through their Copy buttons. */
export class IdpSetupPage {
  readonly values: Locator;
  constructor(readonly page: Page) {
    this.values = page.getByRole("region", { name: "Give these to your identity provider" });
  }

  /** Clicks the value's Copy button and returns what landed on the clipboard. */
  async copy(label: string): Promise<string> {
    await this.values.getByRole("button", { name: `Copy ${label}` }).click();
    await expect(this.values.getByRole("button", { name: `Copy ${label}` })).toHaveText("Copied");
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  async shown(label: string): Promise<string> {
    return (await this.values.locator(`[data-copy-value="${label}"]`).textContent()) ?? "";
  }
}

/** The test SAML IdP's admin and user pages (test-peers/saml/server.mjs), shaped like Okta's. */
export class TestIdpAdminPage {
  constructor(
    readonly page: Page,
    readonly idpUrl: string,
  ) {}

  /** Creates a SAML app from the SP's values; returns the IdP metadata the admin then pastes into the console. */
  async createApp(name: string, acsUrl: string, entityId: string): Promise<string> {
    await this.page.goto(`${this.idpUrl}/admin`);
    await this.page.getByLabel("App name").fill(name);
    await this.page.getByLabel("Single sign-on URL").fill(acsUrl);
    await this.page.getByLabel("Audience URI (SP Entity ID)").fill(entityId);
    await this.page.getByRole("button", { name: "Save app" }).click();
    await expect(this.page.getByRole("heading", { name: "App created" })).toBeVisible();
    return (await this.page.request.get(`${this.idpUrl}/metadata`)).text();
  }

  /** A user opens their IdP dashboard, clicks the app's tile and logs in at the IdP. */
  async signInFromTile(app: string, username: string, password: string): Promise<void> {
    await this.page.goto(`${this.idpUrl}/home`);
    await this.page.getByRole("link", { name: app }).last().click();
    await this.page.getByLabel("Username").fill(username);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Log in" }).click();
  }
}
