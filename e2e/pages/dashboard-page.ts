import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page } from "@playwright/test";

/** /: the operator dashboard: period picker, headline figures (each a link), panels. */
export class DashboardPage {
  readonly period: Locator;
  readonly decisions: Locator;
  readonly responseTimes: Locator;
  readonly devices: Locator;
  readonly compliance: Locator;
  readonly approvals: Locator;

  constructor(readonly page: Page) {
    this.period = page.getByLabel("Period");
    this.decisions = page.getByRole("region", { name: "Policy decisions" });
    this.responseTimes = page.getByRole("table", { name: "Response time percentiles" });
    this.devices = page.getByRole("region", { name: "Devices now" });
    this.compliance = page.getByRole("region", { name: "Compliance" });
    this.approvals = page.getByRole("region", { name: "Pending approvals" });
  }

  async goto(query: Record<string, string> = {}): Promise<void> {
    const q = new URLSearchParams(query).toString();
    await this.page.goto(q ? `/?${q}` : "/");
    await expect(this.page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
    await expect(this.page.getByText("Loading the dashboard…")).toHaveCount(0);
  }

  /** A headline figure's link, named "<label>: <value>". */
  figure(label: string, value: string): Locator {
    return this.page.getByRole("link", { name: `${label}: ${value}`, exact: true });
  }

  /** Serious and critical axe-core violations on the page as it is now. */
  async accessibilityViolations(): Promise<string[]> {
    const r = await new AxeBuilder({ page: this.page }).analyze();
    return r.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }
}
