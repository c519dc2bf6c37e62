import { expect, test } from "../fixtures";
import { SignInPage } from "../pages";

/**
 * The built console (scripts/start.mjs) takes the client address from the TCP peer: a browser
 * that sends its own X-Forwarded-For, X-Real-IP or socket-address header cannot choose the
 * address that the audit trail records or that sign-in throttling counts.
 */
test.describe("client address", () => {
  test.use({
    extraHTTPHeaders: {
      "x-forwarded-for": "198.51.100.99",
      "x-real-ip": "198.51.100.98",
      "x-luminous-socket-address": "guess 198.51.100.97",
    },
  });

  test("the audit trail records the real address of a sign-in, not the claimed one", async ({
    page,
    owner,
    database,
  }) => {
    const started = new Date();
    await new SignInPage(page).signInAs(owner.email, owner.password);
    const { rows } = await database.query<{ ip: string | null }>(
      `SELECT ip FROM "AuditEvent" WHERE action = 'auth.signin' AND outcome = 'success' AND "actorLabel" = $1 AND ts >= $2 ORDER BY ts DESC LIMIT 1`,
      [owner.email, started],
    );
    expect(rows[0]?.ip).toMatch(/^(127\.0\.0\.1|::1)$/);
  });

  test("a new X-Forwarded-For on each try does not escape sign-in throttling", async ({ page }) => {
    const signIn = new SignInPage(page);
    const email = `nobody-${Date.now()}@example.test`;
    await signIn.goto();
    for (let i = 0; i < 4; i++) {
      await page.setExtraHTTPHeaders({ "x-forwarded-for": `192.0.2.${i + 1}` });
      await signIn.signIn(email, `wrong-${i}`);
      await expect(signIn.error).toHaveText("Invalid email or password");
    }
    await page.setExtraHTTPHeaders({ "x-forwarded-for": "192.0.2.50" });
    await signIn.signIn(email, "wrong-again");
    await expect(signIn.error).toContainText("Too many failed sign-ins for this email from your address");
  });
});
