import { randomBytes } from "node:crypto";
import { expectAccessibleAtWidths } from "../a11y";
import { expect, test } from "../fixtures";
import { ScimSettingsPage, SignInPage } from "../pages";

test("an owner links SCIM to the IdP, sees the token once, the IdP uses it, and a rotation stops the old one", async ({
  page,
  owner,
  database,
}) => {
  // Two axe passes, a reload and a rotation: more than the default 30 s on a busy machine.
  test.setTimeout(120_000);
  const { rows } = await database.query<{ orgId: string }>(`SELECT "orgId" FROM "User" WHERE email = $1`, [
    owner.email,
  ]);
  const name = `Okta ${randomBytes(3).toString("hex")}`;
  await database.query(
    `INSERT INTO "IdentityProvider" (id, "orgId", type, name, slug, "spKey", config, "configuredByRole", "updatedAt")
     VALUES (gen_random_uuid(), $1, 'saml', $2, $3, $3, '{}', 'owner', now())`,
    [rows[0]!.orgId, name, name.toLowerCase().replace(" ", "-")],
  );
  await new SignInPage(page).signInAs(owner.email, owner.password);
  const scim = new ScimSettingsPage(page);
  await scim.goto();
  await scim.link(`${name} (SAML)`);
  const token = await scim.createToken();
  expect(token).toMatch(/^lnx_scim_/);
  await expectAccessibleAtWidths(page);

  // The identity provider's first request, as Okta's "Test Connector Configuration" sends it.
  const users = (t: string) =>
    page.request.get("/scim/v2/Users?filter=userName%20eq%20%22probe%40example.test%22&startIndex=1&count=1", {
      headers: { authorization: `Bearer ${t}`, accept: "application/scim+json" },
    });
  const first = await users(token);
  expect(first.status()).toBe(200);
  expect(await first.json()).toMatchObject({ totalResults: 0 });

  // Shown once: after a reload only its prefix and its last use remain.
  await page.reload();
  await scim.section.getByText("SCIM base URL").waitFor();
  await expect(scim.newToken).toHaveCount(0);
  await expect(scim.section).toContainText(token.slice(0, 16));
  await expect(scim.section).not.toContainText(token);
  await expect(scim.lastUsed).not.toHaveText("never");

  const rotated = await scim.rotate();
  expect(rotated).not.toBe(token);
  expect((await users(token)).status()).toBe(401);
  expect((await users(rotated)).status()).toBe(200);
});
