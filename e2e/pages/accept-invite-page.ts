import { expect, type Locator, type Page } from "@playwright/test";

/** /invite?token=…: sets a first password from an invitation link. */
export class AcceptInvitePage {
  readonly password: Locator;
  readonly confirm: Locator;
  readonly submit: Locator;
  readonly problem: Locator;

  constructor(readonly page: Page) {
    this.password = page.getByLabel("New password");
    this.confirm = page.getByLabel("Confirm password");
    this.submit = page.getByRole("button", { name: "Set password" });
    // Not the empty route announcer Next.js also marks role="alert".
    this.problem = page.getByRole("alert").filter({ hasText: /\S/ });
  }

  /** The link carries the console's public URL; the path and token are what matter here. */
  async open(inviteUrl: string): Promise<void> {
    const u = new URL(inviteUrl);
    await this.page.goto(u.pathname + u.search);
  }

  async accept(inviteUrl: string, password: string): Promise<void> {
    await this.open(inviteUrl);
    await this.password.fill(password);
    await this.confirm.fill(password);
    await this.submit.click();
    await expect(this.page.getByRole("status")).toContainText("Your password is set");
  }
}
