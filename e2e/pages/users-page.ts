import { expect, type Locator, type Page } from "@playwright/test";

export interface Invitee {
  email: string;
  name: string;
  /** The label shown in the role menu, e.g. "Viewer". */
  role?: string;
  groups?: string[];
}

/** /users: the users list and the "Invite user" dialog. */
export class UsersPage {
  readonly search: Locator;
  readonly table: Locator;
  readonly inviteButton: Locator;
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.search = page.getByLabel("Search users");
    this.table = page.getByRole("table", { name: "Users" });
    this.inviteButton = page.getByRole("button", { name: "Invite user" });
    this.dialog = page.getByRole("dialog", { name: "Invite user" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/users");
    await expect(this.table).toBeVisible();
  }

  row(text: string): Locator {
    return this.table.getByRole("row").filter({ hasText: text });
  }

  /** Invites a user and returns the one-time invitation link the dialog shows. */
  async invite(who: Invitee): Promise<string> {
    await this.inviteButton.click();
    await this.dialog.getByLabel("Email").fill(who.email);
    await this.dialog.getByLabel("Name").fill(who.name);
    if (who.role) await this.dialog.getByLabel("Role").selectOption({ label: who.role });
    for (const g of who.groups ?? []) await this.dialog.getByRole("checkbox", { name: g }).check();
    await this.dialog.getByRole("button", { name: "Create invitation link" }).click();
    const link = this.dialog.getByLabel("Invitation link");
    await expect(link).toBeVisible();
    await expect(this.dialog).toContainText("shown only once");
    const url = await link.inputValue();
    await this.dialog.getByRole("button", { name: "Done" }).click();
    await expect(this.dialog).toBeHidden();
    return url;
  }

  async find(text: string): Promise<void> {
    await this.search.fill(text);
    await expect(this.row(text)).toBeVisible();
  }
}
