import { expect, test } from "../fixtures";
import { AuditPage, SignInPage } from "../pages";

test("the console has its own icon, typeface and navigation icons, and no page asks for a missing favicon", async ({
  page,
  owner,
  request,
}) => {
  const missing: string[] = [];
  page.on("response", (r) => r.status() === 404 && missing.push(r.url()));
  await new SignInPage(page).signInAs(owner.email, owner.password);
  await page.goto("/devices");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Devices");
  await page.waitForLoadState("networkidle");
  expect(missing).toEqual([]);

  const icon = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(icon).toBeTruthy();
  for (const url of [icon!, "/favicon.ico"]) expect((await request.get(url)).status(), url).toBe(200);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Devices" }).locator("svg")).toHaveCount(1);
  await expect(nav.getByRole("link", { name: "Luminous Console" }).locator("svg")).toHaveCount(1);
  // Inter ships with the app: the body is set in it, loaded from the console itself.
  expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toMatch(/Inter/i);
  expect(
    await page.evaluate(
      () => document.fonts.check("14px Inter") || [...document.fonts].some((f) => f.status === "loaded"),
    ),
  ).toBe(true);
});

test("the audit log's date range is picked on a calendar and typed dates are checked", async ({ page, owner }) => {
  await new SignInPage(page).signInAs(owner.email, owner.password);
  const audit = new AuditPage(page);
  await audit.goto();
  await page.getByRole("button", { name: "Pick dates" }).click();
  const calendar = page.getByRole("region", { name: "Pick a date range" });
  const days = calendar.locator("td button:not([disabled])");
  await days.nth(2).click();
  await days.nth(5).click();
  const span = () => {
    const { from, to } = audit.urlFilters();
    return from && to ? Date.parse(to) - Date.parse(from) : null;
  };
  await expect.poll(span).toBe(((3 * 24 + 23) * 60 + 59) * 60_000);
  await expect(audit.filter("From")).toHaveValue(/^\d{4}-\d{2}-\d{2} 00:00$/);
  await expect(audit.filter("To")).toHaveValue(/^\d{4}-\d{2}-\d{2} 23:59$/);
  await page.getByRole("button", { name: "Done" }).click();

  // A from after the to is said, not silently answered with nothing.
  await audit.filter("From").fill("2099-01-01 00:00");
  await audit.filter("From").press("Enter");
  await expect(page.getByRole("alert").filter({ hasText: "From is after To" })).toBeVisible();
  // A typed date that is no date is refused next to the field, and the URL keeps the last good one.
  const before = audit.urlFilters().to;
  await audit.filter("To").fill("2026-02-31 10:00");
  await audit.filter("To").press("Enter");
  await expect(
    page.getByRole("alert").filter({ hasText: "To must be a date and time as YYYY-MM-DD HH:mm" }),
  ).toBeVisible();
  expect(audit.urlFilters().to).toBe(before);
});
