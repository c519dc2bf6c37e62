import { expectAccessible } from "../a11y";
import { expect, test } from "../fixtures";
import { freshOrg } from "../fresh-org";
import { AcceptInvitePage, SignInPage, UsersPage } from "../pages";

test("an auditor sees the sign-in settings as values, with no inputs and no save button", async ({
  page,
  browser,
  baseURL,
  owner,
}) => {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const auditor = { email: `ro-auditor-${id}@example.test`, name: `Auditor ${id}`, role: "Auditor" as const };
  const ownerContext = await browser.newContext({ baseURL });
  const ownerPage = await ownerContext.newPage();
  await new SignInPage(ownerPage).signInAs(owner.email, owner.password);
  const users = new UsersPage(ownerPage);
  await users.goto();
  const link = await users.invite(auditor);
  await ownerContext.close();
  const password = `auditor-pass-${id}-long`;
  await new AcceptInvitePage(page).accept(link, password);
  await new SignInPage(page).signInAs(auditor.email, password);

  await page.goto("/settings");
  const settings = page.getByRole("definition").first();
  await expect(settings).toBeVisible();
  const section = page.getByRole("region", { name: "Sign-in" });
  await expect(section.getByText("Email domains")).toBeVisible();
  await expect(section.getByText("Single sign-on required")).toBeVisible();
  await expect(section.getByRole("textbox")).toHaveCount(0);
  await expect(section.getByRole("checkbox")).toHaveCount(0);
  await expect(section.getByRole("combobox")).toHaveCount(0);
  await expect(section.getByRole("button")).toHaveCount(0);
  await expect(section).toContainText("an owner or admin changes them");
  await expectAccessible(page);
});

test("the policy simulator in an org with no device says so and links to enrollment", async ({ page }) => {
  const fresh = await freshOrg();
  await new SignInPage(page).signInAs(fresh.email, fresh.password);
  await page.goto("/policies/simulator");
  const status = page.getByRole("status").filter({ hasText: "No device is enrolled yet" });
  await expect(status).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Target type" })).toContainText("a device (none enrolled)");
  await expect(page.getByRole("combobox", { name: "Device" })).toHaveCount(0);
  await expectAccessible(page);
  await status.getByRole("link", { name: "Enroll a workstation" }).click();
  await expect(page).toHaveURL(/\/devices\/enrollment$/);
});
