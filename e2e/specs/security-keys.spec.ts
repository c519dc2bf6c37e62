import { randomBytes } from "node:crypto";
import { expectAccessible, expectAccessibleAtWidths } from "../a11y";
import { expect, test } from "../fixtures";
import { addVirtualAuthenticator, SecurityKeysPanel, SignInPage, StepUpDialog } from "../pages";

/**
 * A security key in a real browser: Chromium's virtual authenticator (CTAP2, user verification on)
 * registers on the Profile page, the owner turns step-up on, rotating the signing key asks for a
 * fresh second factor, the key answers it, and the audit event records the step-up. The spec runs
 * in an org of its own, so turning step-up on does not reach the other specs running alongside.
 */
test("an owner registers a security key, steps up with it for a sensitive action, and removes it", async ({
  page,
  owner,
  database,
}) => {
  // A long flow (sign-in, registration, settings, step-up, removal) on a machine that may be busy.
  test.setTimeout(120_000);
  const id = randomBytes(4).toString("hex");
  const email = `keys-${id}@example.test`;
  const { rows } = await database.query<{ passwordHash: string }>(
    `SELECT "passwordHash" FROM "User" WHERE email = $1`,
    [owner.email],
  );
  const org = await database.query<{ id: string }>(
    `INSERT INTO "Org" (id, name, slug, "updatedAt") VALUES (gen_random_uuid(), $1, $2, now()) RETURNING id`,
    [`Keys ${id}`, `keys-${id}`],
  );
  const orgId = org.rows[0]!.id;
  await database.query(
    `INSERT INTO "User" (id, "orgId", email, name, role, "passwordHash", "updatedAt")
     VALUES (gen_random_uuid(), $1, $2, 'Key Owner', 'owner', $3, now())`,
    [orgId, email, rows[0]!.passwordHash],
  );

  await addVirtualAuthenticator(page);
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(email, owner.password);
  // The first sign-in of a fresh console (cold start, scrypt) can take longer than expect's default.
  await expect(page).not.toHaveURL(/\/signin/, { timeout: 20_000 });

  const keys = new SecurityKeysPanel(page);
  await keys.goto();
  await keys.register("Virtual key");
  await expect(keys.item("Virtual key")).toContainText("last used never");
  await expectAccessibleAtWidths(page);

  await page.goto("/settings");
  const form = page.getByRole("form", { name: "Step-up setting" });
  await form.getByLabel("Require a fresh second factor for sensitive actions").check();
  await form.getByLabel(/Within how many minutes/).fill("5");
  await form.getByRole("button", { name: "Save step-up setting" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved.");
  await expectAccessibleAtWidths(page);

  await page.goto("/settings/signing-keys");
  await page.getByRole("button", { name: "Rotate key" }).click();
  await page
    .getByRole("dialog", { name: "Rotate the policy-signing key?" })
    .getByRole("button", { name: "Rotate key" })
    .click();
  const stepUp = new StepUpDialog(page);
  await expect(stepUp.dialog).toContainText("confirm with a fresh second factor");
  await expect(stepUp.dialog.getByRole("button", { name: "Use security key" })).toBeVisible();
  // The prompt fits a phone and passes axe (the signing-keys page behind it is checked elsewhere).
  await page.setViewportSize({ width: 375, height: 800 });
  expect((await stepUp.dialog.boundingBox())?.width).toBeLessThanOrEqual(375);
  await expectAccessible(page);
  await stepUp.confirmWithSecurityKey();
  await expect(page.getByRole("dialog", { name: "Rotate the policy-signing key?" })).toBeHidden();

  const rotated = await database.query<{ data: { stepUp?: { factor: string } } }>(
    `SELECT data FROM "AuditEvent" WHERE "orgId" = $1 AND action = 'signingkey.rotate' AND outcome = 'success'`,
    [orgId],
  );
  expect(rotated.rows.map((r) => r.data.stepUp?.factor)).toEqual(["webauthn"]);

  await keys.goto();
  await expect(keys.item("Virtual key")).not.toContainText("last used never");
  await keys.item("Virtual key").getByRole("button", { name: "Remove Virtual key" }).click();
  const remove = page.getByRole("dialog", { name: "Remove Virtual key" });
  await remove.getByRole("button", { name: "Or confirm with a security key and remove" }).click();
  await expect(keys.panel.getByText("No security key yet.")).toBeVisible();

  const trail = await database.query<{ action: string; outcome: string }>(
    `SELECT action, outcome FROM "AuditEvent" WHERE "orgId" = $1 AND action LIKE 'user.webauthn.%' ORDER BY ts`,
    [orgId],
  );
  expect(trail.rows).toEqual([
    { action: "user.webauthn.register", outcome: "success" },
    { action: "user.webauthn.use", outcome: "success" },
    { action: "user.webauthn.use", outcome: "success" },
    { action: "user.webauthn.remove", outcome: "success" },
  ]);
});
