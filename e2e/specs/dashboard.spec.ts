/**
 * The operator dashboard on real data: a real agent pushes ask-nix events into a one-hour window
 * of its own (weeks back, so other specs' events never fall in it); the dashboard shows that
 * window's figures, and each figure leads to the audit log filtered to exactly those events.
 */
import type { BrowserContext } from "@playwright/test";
import { Workstation } from "../agent";
import { test as base, expect } from "../fixtures";
import { AuditPage, DashboardPage, SignInPage } from "../pages";

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;
const HOUR = 3600_000;

const test = base.extend<{ dash: DashboardPage; ws: Workstation }, { ownerSession: StorageState }>({
  ownerSession: [
    async ({ browser, owner }, use, workerInfo) => {
      const context = await browser.newContext({ baseURL: workerInfo.project.use.baseURL });
      await new SignInPage(await context.newPage()).signInAs(owner.email, owner.password);
      const state = await context.storageState();
      await context.close();
      await use(state);
    },
    { scope: "worker" },
  ],
  storageState: async ({ ownerSession }, use) => {
    await use(ownerSession);
  },
  dash: async ({ page }, use) => {
    await use(new DashboardPage(page));
  },
  ws: async ({ dash, baseURL }, use) => {
    const ws = await Workstation.enroll(dash.page.request, baseURL!, `E2E dashboard ${Date.now().toString(36)}`);
    try {
      await use(ws);
    } finally {
      await ws.stop();
    }
  },
});

test("the dashboard shows a period's figures and each one opens the audit log filtered to its events", async ({
  dash,
  ws,
  page,
}) => {
  test.slow(); // an agent, eleven events, four pages and two axe-core runs
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
  // A whole hour 20 to 60 days back, picked per run.
  const from = Math.floor((Date.now() - (20 + Math.random() * 40) * 24 * HOUR) / HOUR) * HOUR;
  const at = (minute: number) => new Date(from + minute * 60_000).toISOString();
  const [ana, ben] = [`ana-${id}`, `ben-${id}`];
  for (const [m, user, cmd] of [
    [1, ana, "install docker"],
    [2, ben, "enable nginx"],
    [3, ana, "upgrade firefox"],
  ] as const) {
    await ws.log({ type: "command_received", ts: at(m), user, command: `ask-nix ${cmd} ${id}` });
  }
  for (const [m, ms, ok] of [
    [10, 1000, true],
    [11, 2000, true],
    [12, 3000, false],
    [13, 4000, true],
  ] as const) {
    await ws.log({ type: "execution_completed", ts: at(m), user: ana, execution: { success: ok, duration_ms: ms } });
  }
  for (const [m, decision] of [
    [20, "allow"],
    [21, "allow"],
    [22, "deny"],
  ] as const) {
    await ws.log({
      type: "policy_decision",
      ts: at(m),
      user: ben,
      decision: { decision, rule: "e2e", reason: `dashboard ${id}` },
    });
  }
  // one event just after the window, which no figure may count
  await ws.log({ type: "command_received", ts: at(60), user: `late-${id}`, command: `ask-nix late ${id}` });
  await ws.waitUntilStored(page.request, 11);

  const period = { from: new Date(from).toISOString(), to: new Date(from + HOUR).toISOString() };
  await dash.goto(period);
  await expect(dash.figure("Commands per hour", "3")).toBeVisible();
  await expect(dash.figure("Success rate", "75.0%")).toBeVisible();
  await expect(dash.figure("Response time P95", "4.00 s")).toBeVisible();
  await expect(dash.figure("Active users", "2")).toBeVisible();
  await expect(dash.responseTimes.getByRole("row", { name: /Execution/ }).getByRole("cell")).toHaveText([
    "Execution",
    "2.00 s",
    "4.00 s",
    "4.00 s",
    "4",
  ]);
  await expect(dash.decisions.getByRole("link", { name: "Allowed: 2" })).toBeVisible();
  await expect(dash.decisions.getByRole("link", { name: "Denied: 1" })).toBeVisible();
  await expect(dash.devices.getByRole("link", { name: /^Online: \d+$/ })).toBeVisible();
  await expect(dash.compliance.getByRole("link", { name: /SOC 2/ })).toBeVisible();
  // Approval requests waiting now (none in this org's fleet yet), linked to the approvals list.
  await expect(dash.approvals.getByRole("link", { name: /^Waiting for a decision: \d+$/ })).toHaveAttribute(
    "href",
    "/approvals",
  );
  await expect(dash.approvals.getByRole("link", { name: "Open the approvals list" })).toHaveAttribute(
    "href",
    "/approvals",
  );
  expect(await dash.accessibilityViolations()).toEqual([]);

  // The commands figure opens the audit log filtered to those three commands.
  await dash.figure("Commands per hour", "3").click();
  const audit = new AuditPage(page);
  await expect(page).toHaveURL(/\/audit\?/);
  expect(audit.urlFilters()).toEqual({ type: "command_received", ...period });
  await audit.expectRows([`upgrade firefox ${id}`, `enable nginx ${id}`, `install docker ${id}`]);

  // The denied decisions, and the failed executions behind the success rate.
  await page.goBack();
  await dash.decisions.getByRole("link", { name: "Denied: 1" }).click();
  await expect(page).toHaveURL(/\/audit\?/);
  expect(audit.urlFilters()).toEqual({ type: "policy_decision", outcome: "deny", ...period });
  await expect(audit.eventRows).toHaveCount(1);
  await page.goBack();
  await dash.figure("Success rate", "75.0%").click();
  await expect(page).toHaveURL(/\/audit\?/);
  expect(audit.urlFilters()).toEqual({ type: "execution_completed", outcome: "failure", ...period });
  await expect(audit.eventRows).toHaveCount(1);

  // The devices figures open the devices list with that filter set.
  await page.goBack();
  await dash.devices.getByRole("link", { name: /^Online: \d+$/ }).click();
  await expect(page).toHaveURL(/\/devices\?status=online$/);
  await expect(page.getByLabel("Status")).toHaveValue("online");
  await expect(page.getByRole("table", { name: "Devices" }).locator(`a[href="/devices/${ws.deviceId}"]`)).toBeVisible();
});

test("the dashboard fits a 375 px screen, switches periods and passes axe-core", async ({ dash, page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await dash.goto();
  await expect(dash.period).toHaveValue("24h");
  await dash.period.selectOption("7d");
  await expect(page).toHaveURL(/\?range=7d$/);
  await expect(dash.page.getByRole("link", { name: /^Commands per hour: / })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  expect(await dash.accessibilityViolations()).toEqual([]);
  await page.setViewportSize({ width: 1600, height: 900 });
  expect(await dash.accessibilityViolations()).toEqual([]);
});
