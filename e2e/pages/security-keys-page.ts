import { expect, type Locator, type Page } from "@playwright/test";

/** Chromium's CDP virtual authenticator: registers and signs like a real platform key. */
export async function addVirtualAuthenticator(page: Page): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return authenticatorId;
}

/** The Profile page's Security keys panel. */
export class SecurityKeysPanel {
  readonly panel: Locator;
  readonly name: Locator;
  readonly add: Locator;
  readonly list: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByRole("region", { name: "Security keys" });
    this.name = this.panel.getByLabel("Name for a new key");
    this.add = this.panel.getByRole("button", { name: "Add security key" });
    this.list = this.panel.getByRole("list", { name: "Your security keys" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/profile");
    await expect(this.panel.getByText(/No security key yet|Added/).first()).toBeVisible({ timeout: 15_000 });
  }

  async register(name: string): Promise<void> {
    await this.name.fill(name);
    await this.add.click();
    await expect(this.list.getByText(name)).toBeVisible({ timeout: 15_000 });
  }

  item(name: string): Locator {
    return this.list.getByRole("listitem").filter({ hasText: name });
  }
}

/** The step-up dialog that answers a step_up_required refusal. */
export class StepUpDialog {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole("dialog", { name: "Confirm it's you" });
  }

  async confirmWithSecurityKey(): Promise<void> {
    await expect(this.dialog).toBeVisible();
    await this.dialog.getByRole("button", { name: "Use security key" }).click();
    await expect(this.dialog).toBeHidden();
  }
}
