import { expect, type Locator, type Page } from "@playwright/test";

/** /users/groups: the groups list and the "Create group" dialog. */
export class GroupsPage {
  readonly search: Locator;
  readonly table: Locator;
  readonly createButton: Locator;
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.search = page.getByLabel("Search groups");
    this.table = page.getByRole("table", { name: "Groups" });
    this.createButton = page.getByRole("button", { name: "Create group" });
    this.dialog = page.getByRole("dialog", { name: "Create group" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/users/groups");
    await expect(this.table).toBeVisible();
  }

  /** Creates a group; the console then opens its page. */
  async create(name: string, description = ""): Promise<GroupPage> {
    await this.createButton.click();
    await this.dialog.getByLabel("Group name").fill(name);
    await this.dialog.getByLabel("Description").fill(description);
    await this.dialog.getByRole("button", { name: "Create group" }).click();
    const group = new GroupPage(this.page);
    await expect(group.heading).toHaveText(name);
    return group;
  }

  async open(name: string): Promise<GroupPage> {
    await this.search.fill(name);
    await this.table.getByRole("link", { name, exact: true }).click();
    const group = new GroupPage(this.page);
    await expect(group.heading).toHaveText(name);
    return group;
  }
}

/** /users/groups/[id]: details form, delete, members. */
export class GroupPage {
  readonly heading: Locator;
  readonly members: Locator;
  readonly memberSearch: Locator;
  readonly deleteButton: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1 });
    this.members = page.getByRole("table", { name: "Members" });
    this.memberSearch = page.getByLabel("Add member");
    this.deleteButton = page.getByRole("button", { name: "Delete group" });
  }

  async addMember(search: string, name: string): Promise<void> {
    await this.memberSearch.fill(search);
    await this.page.getByRole("button", { name: `Add ${name}` }).click();
    await expect(this.members.getByRole("row").filter({ hasText: name })).toBeVisible();
  }
}
