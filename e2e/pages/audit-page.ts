import fs from "node:fs";
import { expect, type Locator, type Page } from "@playwright/test";

export type ExportFormat = "csv" | "json" | "ndjson";
type SelectFilter = "Category" | "Event type" | "Outcome";
type TextFilter = "User" | "Device" | "Action" | "Command contains";

/** /audit: integrity badge, filters (kept in the URL), export links, the events table, its pager and an event's detail. */
export class AuditPage {
  readonly integrity: Locator;
  readonly verifyButton: Locator;
  readonly filters: Locator;
  readonly table: Locator;
  /** One row per event (the detail opens in a row of its own below it). */
  readonly eventRows: Locator;
  readonly commands: Locator;
  readonly newer: Locator;
  readonly older: Locator;
  readonly detail: Locator;
  readonly chainStatus: Locator;

  constructor(readonly page: Page) {
    this.integrity = page.getByRole("status", { name: "Audit trail integrity" });
    this.verifyButton = this.integrity.getByRole("button", { name: "Verify now" });
    this.filters = page.getByRole("form", { name: "Filters" });
    this.table = page.getByRole("table", { name: "Audit events" });
    this.eventRows = this.table.locator("tbody > tr:has(button[aria-expanded])");
    this.commands = this.eventRows.locator("td:nth-child(5)");
    this.newer = page.getByRole("button", { name: "Newer", exact: true });
    this.older = page.getByRole("button", { name: "Older", exact: true });
    this.detail = page.getByRole("region", { name: "Event detail" });
    this.chainStatus = this.detail.getByRole("list", { name: "Chain status" });
  }

  async goto(query: Record<string, string> = {}): Promise<void> {
    await this.page.goto(`/audit?${new URLSearchParams(query)}`);
    await expect(this.table).toBeVisible();
  }

  /** The filters as the URL carries them. */
  urlFilters(): Record<string, string> {
    const params = new URL(this.page.url()).searchParams;
    params.delete("event");
    return Object.fromEntries(params);
  }

  filter(label: SelectFilter | TextFilter | "From" | "To"): Locator {
    return this.filters.getByLabel(label, { exact: true });
  }

  /** Picks a value in a select filter ("" is All) and waits until the URL has it. */
  async choose(label: SelectFilter, value: string): Promise<void> {
    await this.filter(label).selectOption(value);
    await this.waitForParam(label === "Event type" ? "type" : label.toLowerCase(), value);
  }

  /** Types into a text filter and presses Enter ("" clears it). */
  async type(label: TextFilter, value: string): Promise<void> {
    await this.filter(label).fill(value);
    await this.filter(label).press("Enter");
    const param = { User: "user", Device: "device", Action: "action", "Command contains": "q" }[label];
    await this.waitForParam(param, value);
  }

  /** Types a time bound as the viewer's local "YYYY-MM-DD HH:mm" ("" clears it) and waits until the URL changes. */
  async setTime(label: "From" | "To", local: string): Promise<void> {
    const param = label.toLowerCase();
    const before = this.urlFilters()[param] ?? "";
    await this.filter(label).fill(local);
    await this.filter(label).press("Enter");
    if (local)
      await expect
        .poll(() => this.urlFilters()[param] ?? "", { message: `?${param}= in the URL`, intervals: [25] })
        .not.toBe(before);
    else await this.waitForParam(param, "");
  }

  private async waitForParam(param: string, value: string): Promise<void> {
    await expect
      .poll(() => this.urlFilters()[param] ?? "", { message: `?${param}= in the URL`, intervals: [25] })
      .toBe(value);
  }

  /** Asserts the listed events, newest first, by text each row contains (a command, an event type...). */
  async expectRows(markers: string[]): Promise<void> {
    await expect(this.eventRows).toHaveText(markers.map((m) => new RegExp(m.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))));
  }

  row(text: string): Locator {
    return this.eventRows.filter({ hasText: text });
  }

  /** Opens an event's detail by clicking its row (a Locator, or text the row contains). */
  async open(row: string | Locator): Promise<void> {
    await (typeof row === "string" ? this.row(row) : row).click();
    await expect(this.detail).toBeVisible();
  }

  /** Closes the open detail by clicking its row again. */
  async close(row: string | Locator): Promise<void> {
    await (typeof row === "string" ? this.row(row) : row).click();
    await expect(this.detail).toBeHidden();
  }

  /** The value of one field in the open event's detail. */
  field(name: string): Locator {
    return this.detail
      .locator("div")
      .filter({ has: this.page.locator("dt").getByText(name, { exact: true }) })
      .locator("dd");
  }

  /** A part of the open event's detail: "Decision", "Approval", "Execution", "Change" or "Data". */
  part(name: "Decision" | "Approval" | "Execution" | "Change" | "Data"): Locator {
    return this.detail.getByRole("region", { name });
  }

  /** Clicks an export link and returns the downloaded file. */
  async download(format: ExportFormat): Promise<{ filename: string; text: string }> {
    const link = this.page
      .getByRole("region", { name: "Export" })
      .getByRole("link", { name: format.toUpperCase(), exact: true });
    const [download] = await Promise.all([this.page.waitForEvent("download"), link.click()]);
    const file = await download.path();
    return { filename: download.suggestedFilename(), text: fs.readFileSync(file, "utf8") };
  }

  /** Runs the on-demand verification ("Verify now") and waits until the badge has reloaded its result. */
  async verify(): Promise<void> {
    const answered = (method: string, path: string) =>
      this.page.waitForResponse((r) => r.request().method() === method && new URL(r.url()).pathname === path);
    await Promise.all([
      answered("POST", "/api/v1/audit/verify"),
      answered("GET", "/api/v1/audit/integrity"),
      this.verifyButton.click(),
    ]);
    await expect(this.verifyButton).toBeEnabled();
  }
}
