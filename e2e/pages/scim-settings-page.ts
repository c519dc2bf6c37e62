import type { Locator, Page } from "@playwright/test";

/** Settings > SCIM provisioning. */
export class ScimSettingsPage {
  readonly section: Locator;
  readonly newToken: Locator;
  readonly lastUsed: Locator;

  constructor(readonly page: Page) {
    this.section = page.getByRole("region", { name: "SCIM provisioning" });
    this.newToken = page.getByTestId("new-scim-token");
    this.lastUsed = page.getByTestId("scim-last-used");
  }

  async goto(): Promise<void> {
    await this.page.goto("/settings");
    await this.section.getByText("SCIM base URL").waitFor();
  }

  async link(idpLabel: string): Promise<void> {
    await this.section.getByLabel("Users sign in through").selectOption({ label: idpLabel });
    await this.section.getByRole("button", { name: /Link SCIM to this identity provider|Save SCIM link/ }).click();
  }

  async createToken(): Promise<string> {
    await this.section.getByRole("button", { name: "Create token" }).click();
    return (await this.newToken.textContent())?.trim() ?? "";
  }

  async rotate(): Promise<string> {
    await this.section.getByRole("button", { name: "Rotate token" }).click();
    await this.section.getByRole("button", { name: "Rotate now" }).click();
    await this.newToken.waitFor();
    return (await this.newToken.textContent())?.trim() ?? "";
  }
}
