import path from "node:path";
import { expectAccessible } from "../a11y";
import { expect, test } from "../fixtures";
import { SignInPage } from "../pages";

// The main pages at a phone, a small laptop window and a wide screen: screenshots for a reviewer
// (.data/e2e-screens), no horizontal scrolling of the document, and no serious axe violations.
const PAGES: [name: string, url: string, heading: RegExp][] = [
  ["dashboard", "/", /Dashboard/],
  ["users", "/users", /Users/],
  ["groups", "/users/groups", /Users & groups/],
  ["policies", "/policies", /Policies/],
  ["simulator", "/policies/simulator", /Policy simulator/],
  ["devices", "/devices", /Devices/],
  ["enrollment", "/devices/enrollment", /Devices/],
  ["audit", "/audit", /Audit/],
  ["compliance", "/compliance", /Compliance/],
  ["settings", "/settings", /Settings/],
  ["profile", "/profile", /Profile/],
  ["notices", "/notices", /Notices/],
];
const WIDTHS = [375, 800, 1400];
const screens = path.resolve(import.meta.dirname, "../../.data/e2e-screens");

for (const [name, url, heading] of PAGES) {
  test(`${name} is usable at ${WIDTHS.join(", ")} px`, async ({ page, owner }) => {
    test.setTimeout(60_000);
    await new SignInPage(page).signInAs(owner.email, owner.password);
    await page.goto(url);
    await expect(page.getByRole("heading", { level: 1 }).first()).toHaveText(heading);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForLoadState("networkidle");
      // Loading states only while loading: nothing says it is loading once the page is idle.
      await expect(page.locator('.loading, [aria-busy="true"]')).toHaveCount(0);
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(scrollWidth, `${url} scrolls sideways at ${width}px`).toBeLessThanOrEqual(clientWidth);
      await page.screenshot({ path: path.join(screens, `${name}-${width}.png`), fullPage: true });
      await expectAccessible(page);
    }
  });
}

test("at phone width the sidebar folds into a menu button that opens the navigation", async ({ page, owner }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await new SignInPage(page).signInAs(owner.email, owner.password);
  const nav = page.getByRole("navigation", { name: "Main" });
  const menu = nav.getByRole("button", { name: "Menu" });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav.getByRole("link", { name: "Audit log" })).toBeHidden();
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await nav.getByRole("link", { name: "Audit log" }).click();
  await expect(page).toHaveURL(/\/audit/);
  await expect(nav.getByRole("link", { name: "Audit log" })).toBeHidden();

  await page.setViewportSize({ width: 1400, height: 800 });
  await expect(menu).toBeHidden();
  await expect(nav.getByRole("link", { name: "Audit log" })).toBeVisible();
});
