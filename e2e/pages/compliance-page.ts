import { expect, type Locator, type Page } from "@playwright/test";

/** /compliance: framework and period, the controls with their status, downloads. */
export class CompliancePage {
  readonly framework: Locator;
  readonly from: Locator;
  readonly to: Locator;
  readonly controls: Locator;
  readonly kept: Locator;
  readonly keptTable: Locator;
  readonly schedules: Locator;

  constructor(readonly page: Page) {
    this.framework = page.getByLabel("Framework");
    this.from = page.getByLabel("From");
    this.to = page.getByLabel("To (exclusive)");
    this.controls = page.getByRole("table", { name: "Controls" });
    this.kept = page.getByRole("region", { name: "Scheduled and kept reports" });
    this.keptTable = page.getByRole("table", { name: "Kept reports" });
    this.schedules = page.getByRole("list", { name: "Report schedules" });
  }

  /** Schedules a framework's report every month or week from the kept-reports panel. */
  async schedule(frameworkLabel: string, cadence: "monthly" | "weekly"): Promise<void> {
    await this.kept.getByLabel("Report to schedule").selectOption({ label: frameworkLabel });
    await this.kept.getByLabel("Every").selectOption(cadence);
    await this.kept.getByRole("button", { name: "Schedule" }).click();
  }

  /** A control's history section (opens the control first). */
  async history(button: string, control: string): Promise<Locator> {
    await this.controls.getByRole("button", { name: button }).click();
    return this.page.getByRole("region", { name: `${control} history` });
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
