import { expectAccessibleAtWidths } from "../a11y";
import { expect, test } from "../fixtures";
import { freshOrg } from "../fresh-org";
import { SignInPage } from "../pages";

test("an owner sees the unread count in the console frame, reads notices and marks them read", async ({
  page,
  database,
}) => {
  // An org of its own: other specs running alongside send the shared owner notices of their own.
  const owner = await freshOrg();
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const { rows } = await database.query<{ id: string; orgId: string }>(
    `SELECT id, "orgId" FROM "User" WHERE email = $1`,
    [owner.email],
  );
  const me = rows[0]!;
  await database.query(`UPDATE "Notice" SET "readAt" = now() WHERE "userId" = $1`, [me.id]);
  for (const [title, ago] of [
    [`Identity provider added ${id}`, "2 minutes"],
    [`Sign-in enforcement turned off ${id}`, "1 minute"],
  ] as const) {
    await database.query(
      `INSERT INTO "Notice" (id, "orgId", "userId", kind, title, body, link, "createdAt")
       VALUES (gen_random_uuid(), $1, $2, 'sso.change', $3, 'Changed by admin@example.test.', '/settings', now() - $4::interval)`,
      [me.orgId, me.id, title, ago],
    );
  }

  await new SignInPage(page).signInAs(owner.email, owner.password);
  const indicator = page.getByRole("link", { name: /^Notices/ });
  await expect(indicator).toHaveAccessibleName("Notices 2 unread");
  await indicator.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Notices");
  const items = page.locator(".notice-item");
  await expect(items.first()).toContainText(`Sign-in enforcement turned off ${id}`);
  await expect(items.nth(1)).toContainText(`Identity provider added ${id}`);
  await expectAccessibleAtWidths(page);

  await page.getByRole("button", { name: `Mark read: Sign-in enforcement turned off ${id}` }).click();
  await expect(indicator).toHaveAccessibleName("Notices 1 unread");
  await expect(page.getByRole("heading", { name: "1 unread" })).toBeVisible();
  await page.getByRole("button", { name: "Mark all read" }).click();
  await expect(indicator).toHaveAccessibleName("Notices");
  await expect(page.getByRole("heading", { name: "Nothing unread" })).toBeVisible();
  await expect(items.first().getByRole("link", { name: "Open" })).toHaveAttribute("href", "/settings");
});
