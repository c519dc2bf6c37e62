import { expect, test } from "./fixtures";
import { SignInPage } from "./pages";

test("the sign-in page loads and asks for an email", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await expect(page).toHaveURL(/\/signin/);
  await expect(signIn.email).toBeVisible();
  await expect(signIn.email).toBeEditable();
});
