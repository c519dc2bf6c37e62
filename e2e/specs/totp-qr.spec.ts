import jsQR from "jsqr";
import { expectAccessible } from "../a11y";
import { expect, test } from "../fixtures";
import { AcceptInvitePage, SignInPage, UsersPage } from "../pages";

test("setting up an authenticator app shows a QR code of the otpauth URI, drawn locally, with the URI as text", async ({
  page,
  browser,
  baseURL,
  owner,
}) => {
  // A user of their own, so the shared owner's sign-in does not start asking for a code.
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const who = { email: `totp-${id}@example.test`, name: `Totp ${id}`, password: `totp-pass-${id}-long` };
  const ownerContext = await browser.newContext({ baseURL });
  const ownerPage = await ownerContext.newPage();
  await new SignInPage(ownerPage).signInAs(owner.email, owner.password);
  const users = new UsersPage(ownerPage);
  await users.goto();
  const link = await users.invite({ ...who, role: "Viewer" });
  await ownerContext.close();
  await new AcceptInvitePage(page).accept(link, who.password);
  await new SignInPage(page).signInAs(who.email, who.password);

  const external: string[] = [];
  page.on("request", (r) => !r.url().startsWith(baseURL!) && !r.url().startsWith("data:") && external.push(r.url()));
  await page.goto("/profile");
  await page.getByRole("button", { name: "Set up authenticator app" }).click();
  const qr = page.getByRole("img", { name: "QR code of the authenticator key" });
  await expect(qr).toBeVisible();
  const uri = (await page.getByTestId("totp-uri").textContent())!.trim();
  expect(uri).toMatch(/^otpauth:\/\/totp\//);
  expect(uri).toContain(`secret=${(await page.getByTestId("totp-secret").textContent())!.trim()}`);

  // The code decodes to the same URI.
  const pixels = await qr.evaluate(async (img: HTMLImageElement) => {
    await img.decode();
    const c = document.createElement("canvas");
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext("2d")!;
    ctx.drawImage(img, 0, 0, c.width, c.height);
    return { data: [...ctx.getImageData(0, 0, c.width, c.height).data], width: c.width, height: c.height };
  });
  const decoded = jsQR(Uint8ClampedArray.from(pixels.data), pixels.width, pixels.height);
  expect(decoded?.data).toBe(uri);
  expect(external).toEqual([]);
  await page.setViewportSize({ width: 375, height: 800 });
  await expectAccessible(page);
});
