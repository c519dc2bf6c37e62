import { expect, type Locator, type Page } from "@playwright/test";

/** /settings/notifications: the mail server form, the test button, webhooks and the delivery log. */
export class NotificationsPage {
  readonly mailForm: Locator;
  readonly testForm: Locator;
  readonly webhookForm: Locator;
  readonly deliveries: Locator;

  constructor(readonly page: Page) {
    this.mailForm = page.getByRole("form", { name: "Mail server" });
    this.testForm = page.getByRole("form", { name: "Send a test email" });
    this.webhookForm = page.getByRole("form", { name: "Add a webhook endpoint" });
    this.deliveries = page.getByRole("table", { name: "Recent deliveries" });
  }

  async goto() {
    await this.page.goto("/settings/notifications");
    await expect(this.page.getByRole("heading", { level: 1 })).toHaveText("Notifications");
    await expect(this.mailForm).toBeVisible();
  }

  async fillMailServer(s: { host: string; port: string; user: string; password: string; from: string; ca: string }) {
    const f = this.mailForm;
    await f.getByLabel("SMTP host", { exact: true }).fill(s.host);
    await f.getByRole("spinbutton", { name: "Port" }).fill(s.port);
    await f.getByRole("combobox", { name: "Security" }).selectOption("starttls");
    await f.getByLabel("Username (optional)").fill(s.user);
    await f.getByLabel(/^Password/).fill(s.password);
    await f.getByLabel("From address").fill(s.from);
    await f.getByLabel(/^Extra CA certificate/).fill(s.ca);
  }

  async save() {
    await this.mailForm.getByRole("button", { name: "Save mail server" }).click();
  }
}
