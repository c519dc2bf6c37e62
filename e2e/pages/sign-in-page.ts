import { expect, type Locator, type Page } from "@playwright/test";

export class SignInPage {
  readonly email: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.email = page.getByLabel("Email");
    this.password = page.getByLabel("Password", { exact: true });
    this.submit = page.getByRole("button", { name: /sign in/i });
    // Scoped to the form: Next.js adds an empty route announcer that also has role="alert".
    this.error = page.locator("form").getByRole("alert");
  }

  async goto(): Promise<void> {
    await this.page.goto("/signin");
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.submit.click();
  }

  /** Opens the sign-in page, signs in and waits until the console has taken over (a cold one takes longer). */
  async signInAs(email: string, password: string, timeout = 5_000): Promise<void> {
    await this.goto();
    await this.signIn(email, password);
    await expect(this.page).not.toHaveURL(/\/signin/, { timeout });
  }

  async errorText(): Promise<string> {
    return (await this.error.textContent())?.trim() ?? "";
  }
}
