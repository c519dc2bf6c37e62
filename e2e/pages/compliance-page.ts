import { expect, type Locator, type Page } from "@playwright/test";

/** /compliance: framework and period, the controls with their status, downloads. */
export class CompliancePage {
  readonly framework: Locator;
  readonly from: Locator;
  readonly to: Locator;
  readonly controls: Locator;

  constructor(readonly page: Page) {
    this.framework = page.getByLabel("Framework");
    this.from = page.getByLabel("From");
    this.to = page.getByLabel("To (exclusive)");
    this.controls = page.getByRole("table", { name: "Controls" });
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/compliance${query}`);
    await expect(this.page.getByRole("heading", { level: 1 })).toHaveText("Compliance");
  }

  row(ref: string): Locator {
    return this.controls.getByRole("row").filter({ hasText: ref });
  }

  /** Clicks a download link and returns the file's bytes and suggested name. */
  async download(name: string | RegExp): Promise<{ name: string; bytes: Buffer }> {
    const [dl] = await Promise.all([this.page.waitForEvent("download"), this.page.getByRole("link", { name }).click()]);
    const path = await dl.path();
    const { readFileSync } = await import("node:fs");
    return { name: dl.suggestedFilename(), bytes: readFileSync(path) };
  }
}
