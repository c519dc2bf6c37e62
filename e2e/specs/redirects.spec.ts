import { expect, test } from "../fixtures";
import { SignInPage } from "../pages";

/**
 * After sign-in the browser follows `?next=`. Whatever the parameter says, Chromium must stay on
 * the console's own origin. evil.example is answered locally, so leaving would be observable.
 */
const hostile = [
  "/%5Cevil.example/phish", // the browser reads /\host as //host
  "/%09/evil.example/phish", // a tab the browser drops
  "//evil.example/phish",
  "https:evil.example/phish",
  "javascript:document.title='phished'",
];

test.describe("sign-in redirects", () => {
  test.beforeEach(async ({ context }) => {
    await context.route(
      (url) => url.hostname.endsWith("evil.example"),
      (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<title>phished</title>phished" }),
    );
  });

  for (const next of hostile) {
    test(`next=${next} stays on the console`, async ({ page, owner, baseURL }) => {
      const signIn = new SignInPage(page);
      await page.goto(`/signin?next=${next}`);
      await signIn.signIn(owner.email, owner.password);
      await expect(page).not.toHaveURL(/\/signin/, { timeout: 15_000 });
      await page.waitForLoadState("load");
      expect(new URL(page.url()).origin).toBe(new URL(baseURL ?? "").origin);
      await expect(page).not.toHaveTitle(/phished/);
    });
  }

  test("a local next is followed after sign-in", async ({ page, owner }) => {
    const signIn = new SignInPage(page);
    await page.goto(`/signin?next=${encodeURIComponent("/audit?outcome=failure")}`);
    await signIn.signIn(owner.email, owner.password);
    await expect(page).toHaveURL(/\/audit\?outcome=failure$/);
  });
});
