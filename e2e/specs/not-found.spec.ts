import { expectAccessible } from "../a11y";
import { expect, test } from "../fixtures";
import { SignInPage } from "../pages";

test("an unknown page is a not-found page inside the console frame with a way back", async ({ page, owner }) => {
  await new SignInPage(page).signInAs(owner.email, owner.password);
  const res = await page.goto("/no/such/page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Back to the dashboard" }).click();
  await expect(page).toHaveURL(/\/$/);
});

test("a missing policy says so without offering a pointless retry", async ({ page, owner }) => {
  await new SignInPage(page).signInAs(owner.email, owner.password);
  await page.goto("/policies/00000000-0000-4000-8000-000000000000");
  await expect(page.getByRole("alert").filter({ hasText: "not found" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Try again" })).toHaveCount(0);
});

test("a device that does not exist says so, with no spinner left once the page is idle", async ({ page, owner }) => {
  await new SignInPage(page).signInAs(owner.email, owner.password);
  await page.goto("/devices/00000000-0000-4000-8000-000000000000");
  await expect(page.getByRole("alert").filter({ hasText: "not found" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  await expect(page.getByText("Loading device…")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Try again" })).toHaveCount(0);
});

test("every unknown /api route answers a JSON 404 in the API's error shape, for every method", async ({ request }) => {
  for (const path of ["/api/v1/nope", "/api/agent/v1/nope", "/api/nope/deeper", "/api/v1/users/x/y/z"]) {
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
      const res = await request.fetch(path, { method, data: method === "GET" ? undefined : {} });
      expect(res.status(), `${method} ${path}`).toBe(404);
      expect(res.headers()["content-type"]).toContain("application/json");
      const body = await res.json();
      expect(body.error).toMatchObject({ code: "not_found", message: `No API route ${method} ${path}` });
      expect(body.error.requestId).toBe(res.headers()["x-request-id"]);
    }
  }
});
