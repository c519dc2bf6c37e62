/**
 * An auditor's compliance review, in the browser against the built console: invited by the owner,
 * the auditor opens the Compliance page, picks SOC 2 and a period, opens a control's evidence,
 * downloads the PDF and the evidence package, and the standalone verifier accepts the package.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "../fixtures";
import { AcceptInvitePage, CompliancePage, SignInPage, UsersPage } from "../pages";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

test("an auditor generates a SOC 2 report, downloads the PDF and the package, and luminous-verify accepts it", async ({
  page,
  owner,
  browser,
  baseURL,
  database,
}) => {
  test.setTimeout(180_000);
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const auditor = { email: `auditor-${id}@example.test`, name: `Auditor ${id}`, role: "Auditor" };
  const password = `Aud1tor-${id}-pass!`;

  await new SignInPage(page).signInAs(owner.email, owner.password);
  const users = new UsersPage(page);
  await users.goto();
  const link = await users.invite(auditor);

  const ctx = await browser.newContext({ baseURL, viewport: { width: 375, height: 800 } });
  const p = await ctx.newPage();
  await new AcceptInvitePage(p).accept(link, password);
  await new SignInPage(p).signInAs(auditor.email, password);

  const c = new CompliancePage(p);
  const from = day(Date.now() - 30 * 86_400_000);
  const to = day(Date.now() + 86_400_000);
  await c.goto(`?framework=iso27001&from=${from}&to=${to}`);
  await c.framework.selectOption({ label: "SOC 2 (Trust Services Criteria 2017, revised 2022)" });
  await expect(p).toHaveURL(/framework=soc2/);
  await expect(c.row("CC6.1")).toBeVisible();
  await expect(c.controls.getByRole("row")).toHaveCount(7);
  // The invited auditor has no second factor: CC6.1 names them as an exception.
  await c.controls.getByRole("button", { name: "CC6.1 Logical access security" }).click();
  await expect(p.getByRole("list", { name: "CC6.1 exceptions" })).toContainText(`${auditor.email}: no second factor`);
  await expect(p.getByRole("link", { name: "Show the evidence in the audit log" })).toHaveAttribute(
    "href",
    new RegExp(`^/audit\\?from=${from}.*action=user\\.mfa\\.`),
  );

  const axe = await new AxeBuilder({ page: p }).analyze();
  const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  // The page's own content fits 375 px (wide tables scroll inside their frame).
  const main = await p.evaluate(() => {
    const m = document.querySelector("main")!;
    return { scroll: m.scrollWidth, client: m.clientWidth };
  });
  expect(main.scroll).toBeLessThanOrEqual(main.client);

  const pdf = await c.download("PDF");
  expect(pdf.name).toBe(`soc2-${from}-${to}.pdf`);
  expect(pdf.bytes.subarray(0, 5).toString()).toBe("%PDF-");
  const pkg = await c.download("Evidence package (zip)");
  expect(pkg.name).toBe(`evidence-soc2-${from}-${to}.zip`);

  // The auditor pins the org's key id (Settings > Signing keys shows it; read here from the database).
  const { rows } = await database.query(
    `SELECT k."keyId" FROM "SigningKey" k JOIN "User" u ON u."orgId" = k."orgId" WHERE u.email = $1 AND k.state = 'active'`,
    [auditor.email],
  );
  const dir = mkdtempSync(path.join(tmpdir(), "e2e-evidence-"));
  const file = path.join(dir, pkg.name);
  writeFileSync(file, pkg.bytes);
  await run(process.execPath, [path.join(root, "apps/verify/build.mjs")]);
  const out = await run(process.execPath, [
    path.join(root, "apps/verify/dist/luminous-verify.mjs"),
    file,
    "--key-id",
    rows[0].keyId,
  ]);
  expect(out.stdout).toMatch(/^OK .*6 controls recomputed/m);

  // Both downloads are in the audit trail under the auditor's name.
  const events = await database.query(
    `SELECT "action" FROM "AuditEvent" WHERE "actorLabel" = $1 AND "action" LIKE 'compliance.%' ORDER BY "ts"`,
    [auditor.email],
  );
  expect(events.rows.map((r) => r.action)).toEqual(
    expect.arrayContaining(["compliance.report.generate", "compliance.report.download", "compliance.package.download"]),
  );
  await ctx.close();
});
