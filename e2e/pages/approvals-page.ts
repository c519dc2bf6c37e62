import { expect, type Locator, type Page } from "@playwright/test";

/** /approvals (the inbox) and /approvals/[id] (one request, where it is decided). */
export class ApprovalsPage {
  readonly table: Locator;
  readonly navLink: Locator;
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole("table", { name: "Approval requests" });
    this.navLink = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Approvals/ });
    this.dialog = page.getByRole("dialog");
  }

  async goto(view = "pending"): Promise<void> {
    await this.page.goto(`/approvals?view=${view}`);
    await expect(this.table.locator("tbody[aria-busy]")).toHaveCount(0, { timeout: 15_000 });
  }

  row(text: string): Locator {
    return this.table.getByRole("row").filter({ hasText: text });
  }

  /** A value of the detail page's Request panel, by its label. */
  field(label: string): Locator {
    return this.page
      .locator("dl.kv dt", { hasText: new RegExp(`^${label}$`) })
      .locator("xpath=following-sibling::dd[1]");
  }

  async open(text: string): Promise<void> {
    await this.row(text).getByRole("link").click();
    await expect(this.page).toHaveURL(/\/approvals\/[0-9a-f-]{36}$/);
    await expect(this.page.getByRole("heading", { level: 2, name: "Request", exact: true })).toBeVisible();
  }

  /** Opens the approve or deny dialog and fills it; does not submit. */
  async startDecision(verdict: "Approve" | "Deny", fill: { reason?: string; code?: string } = {}): Promise<void> {
    await this.page.getByRole("button", { name: verdict, exact: true }).click();
    await expect(this.dialog).toBeVisible();
    if (fill.reason !== undefined) await this.dialog.getByLabel(/^Reason/).fill(fill.reason);
    if (fill.code !== undefined) await this.dialog.getByLabel("Authenticator code").fill(fill.code);
  }

  async submitDecision(verdict: "Approve" | "Deny"): Promise<void> {
    await this.dialog.getByRole("button", { name: `${verdict} request` }).click();
  }
}
