import { expect, type Locator, type Page } from "@playwright/test";

/** The sign-in page's single sign-on parts: the IdP buttons offered for an email, and the directory form. */
export class SsoSignInPage {
  readonly email: Locator;
  readonly ssoOptions: Locator;
  constructor(readonly page: Page) {
    this.email = page.getByLabel("Email");
    this.ssoOptions = page.getByRole("region", { name: "Single sign-on" });
  }

  async offer(email: string, idpName: string): Promise<Locator> {
    await this.page.goto("/signin");
    await this.email.fill(email);
    const button = this.ssoOptions.getByRole("button", { name: `Continue with ${idpName}` });
    await expect(button).toBeVisible();
    return button;
  }

  async directory(username: string, password: string): Promise<void> {
    await this.page.getByLabel("Directory username").fill(username);
    await this.page.getByLabel("Directory password").fill(password);
    await this.page.getByRole("button", { name: "Sign in", exact: true }).click();
  }
}

/** The login form of the test SAML and OIDC identity providers (test-peers/users.mjs). */
export class IdpLoginPage {
  constructor(readonly page: Page) {}
  async logIn(username: string, password: string): Promise<void> {
    await expect(this.page.getByRole("heading", { name: /Test (SAML|OIDC) IdP/ })).toBeVisible();
    await this.page.getByLabel("Username").fill(username);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Log in" }).click();
  }
}

/** Settings -> Identity providers. */
export class IdentityProvidersPage {
  constructor(readonly page: Page) {}

  async setDomains(domains: string): Promise<void> {
    await this.page.goto("/settings");
    const form = this.page.getByRole("form", { name: "Sign-in settings" });
    await form.getByLabel("Email domains").fill(domains);
    await form.getByRole("button", { name: "Save sign-in settings" }).click();
    await expect(form.getByRole("status")).toHaveText("Saved");
  }

  async addSaml(name: string, slug: string, metadataXml: string): Promise<void> {
    await this.page.goto("/settings");
    await this.page.getByRole("link", { name: "Add SAML" }).click();
    const form = this.page.getByRole("form", { name: "Identity provider settings" });
    await form.getByLabel("Display name").fill(name);
    await form.getByLabel("Short name (used in URLs)").fill(slug);
    await form.getByLabel(/IdP metadata XML/).fill(metadataXml);
    await form.getByRole("button", { name: "Add identity provider" }).click();
    await expect(this.page.getByRole("heading", { level: 1, name })).toBeVisible();
  }

  async mapGroup(idpGroup: string, role: string): Promise<void> {
    const form = this.page.getByRole("form", { name: "Group mappings" });
    await form.getByRole("button", { name: "Add mapping" }).click();
    const rows = form.getByRole("row");
    const n = (await rows.count()) - 1;
    await form.getByLabel(`IdP group ${n}`).fill(idpGroup);
    await form.getByLabel(`Role ${n}`).selectOption({ label: role });
    await form.getByRole("button", { name: "Save mappings" }).click();
    await expect(form.getByRole("status")).toHaveText("Mappings saved");
  }
}
