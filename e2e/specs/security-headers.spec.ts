import type { Page } from "@playwright/test";
import { expect, test } from "../fixtures";
import { SignInPage } from "../pages";

/** Collects every Content-Security-Policy violation the page reports, from the browser itself. */
function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

test.describe("security headers", () => {
  test("pages carry a CSP whose nonce changes per response and is on Next.js's scripts", async ({ page }) => {
    const first = await page.goto("/signin");
    const csp = first?.headers()["content-security-policy"] ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce, `CSP was: ${csp}`).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    const html = (await first?.text()) ?? "";
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
    expect(first?.headers()["x-content-type-options"]).toBe("nosniff");
    expect(first?.headers()["referrer-policy"]).toBe("same-origin");

    const second = await page.goto("/signin");
    const nonce2 = /'nonce-([^']+)'/.exec(second?.headers()["content-security-policy"] ?? "")?.[1];
    expect(nonce2).toBeTruthy();
    expect(nonce2).not.toBe(nonce);
  });

  test("injected markup cannot run an inline handler", async ({ page }) => {
    await page.goto("/signin");
    const ran = await page.evaluate(async () => {
      const div = document.createElement("div");
      div.innerHTML = `<img src="data:," onerror="window.__injected = true"><a id="x" href="javascript:window.__injected=true">x</a>`;
      document.body.appendChild(div);
      document.getElementById("x")?.click();
      await new Promise((r) => setTimeout(r, 200));
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
  });

  test("the console works under the policy: sign-in, dashboard, audit, users, compliance, no CSP violation", async ({
    page,
    owner,
  }) => {
    const violations = cspViolations(page);
    await new SignInPage(page).signInAs(owner.email, owner.password);
    await page.goto("/");
    // Client-side rendering and React's inline style attributes must work under the policy.
    await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
    // Picking a period is handled by React in the browser: it only works if the nonced scripts ran.
    await page.getByRole("combobox", { name: /period/i }).selectOption({ index: 1 });
    await expect(page).toHaveURL(/[?&]range=/);
    for (const path of ["/audit", "/users", "/compliance"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    }
    expect(violations).toEqual([]);
  });

  test("authenticated API answers are no-store", async ({ page, owner }) => {
    await new SignInPage(page).signInAs(owner.email, owner.password);
    const r = await page.request.get("/api/v1/me");
    expect(r.status()).toBe(200);
    expect(r.headers()["cache-control"]).toBe("no-store");
    const session = await page.request.get("/api/auth/session");
    expect(session.headers()["cache-control"]).toContain("no-store");
  });
});
