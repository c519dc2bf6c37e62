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
import type { Page } from "@playwright/test";
import { expect, test } from "../fixtures";
import { AcceptInvitePage, CompliancePage, SignInPage, UsersPage } from "../pages";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** No serious or critical axe-core violation, and the page's own content fits its width (wide tables scroll inside their frame). */
async function expectAccessibleAndFits(page: Page): Promise<void> {
  const axe = await new AxeBuilder({ page }).analyze();
  const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  const main = await page.evaluate(() => {
    const m = document.querySelector("main")!;
    const edge = m.getBoundingClientRect().right;
    // the elements that stick out, so a failure names them
    const wide = [...m.querySelectorAll("*")]
      .filter((el) => el.getBoundingClientRect().right > edge + 0.5 && !el.closest(".table-wrap"))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().width)} px)`);
    return { scroll: m.scrollWidth, client: m.clientWidth, wide };
  });
  expect(main.scroll, `sticking out: ${main.wide.join(", ")}`).toBeLessThanOrEqual(main.client);
}

/** Builds the standalone verifier and runs it on a package, pinning the org's key id; its output. */
async function luminousVerify(file: string, keyId: string): Promise<string> {
  await run(process.execPath, [path.join(root, "apps/verify/build.mjs")]);
  const out = await run(process.execPath, [
    path.join(root, "apps/verify/dist/luminous-verify.mjs"),
    file,
    "--key-id",
    keyId,
  ]);
  return out.stdout;
}

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

  await expectAccessibleAndFits(p);

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
  expect(await luminousVerify(file, rows[0].keyId)).toMatch(/^OK .*6 controls recomputed/m);

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

test("the owner schedules a monthly report and keeps one; the worker generates both, the history shows each control's days, and the kept package verifies", async ({
  page,
  owner,
  database,
}) => {
  test.setTimeout(240_000);
  const c = new CompliancePage(page);
  await new SignInPage(page).signInAs(owner.email, owner.password);
  const from = day(Date.now() - 7 * 86_400_000);
  const to = day(Date.now() + 86_400_000);
  await c.goto(`?framework=pci&from=${from}&to=${to}`);
  await expect(c.row("8.4.2")).toBeVisible();

  await c.schedule("PCI DSS v4.0", "monthly");
  await expect(c.schedules).toContainText(`PCI DSS v4.0, monthly (set by ${owner.email})`);
  await c.kept.getByRole("button", { name: "Keep this report and its package" }).click();
  const asked = c.keptTable.getByRole("row").filter({ hasText: "(asked for)" });
  await expect(asked).toContainText("Waiting for the worker");

  // The worker (as deployed: npm run worker) stores yesterday's history and generates both reports.
  const { rows: orgRows } = await database.query(`SELECT "orgId" FROM "User" WHERE email = $1`, [owner.email]);
  await run(
    process.execPath,
    ["--import", "tsx", path.join(root, "apps/console/scripts/worker.ts"), "--once", "--only", "compliance,reports"],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: process.env.E2E_DATABASE_URL,
        MASTER_KEY: process.env.E2E_MASTER_KEY,
        AUTH_SECRET: process.env.E2E_AUTH_SECRET,
        LOG_LEVEL: "warn",
      },
      timeout: 180_000,
    },
  );
  // The page follows the runs on its own while they are waiting.
  await expect(asked).toContainText("Ready", { timeout: 20_000 });
  const monthly = c.keptTable.getByRole("row").filter({ hasText: "(monthly)" });
  await expect(monthly).toContainText("Ready");
  const now = new Date();
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  await expect(monthly).toContainText(`${day(monthStart.getTime())} to`);

  // The kept package is the one the worker stored (its SHA-256 is shown) and luminous-verify accepts it.
  const [dl] = await Promise.all([
    page.waitForEvent("download"),
    asked.getByRole("link", { name: /^Download the pci package/ }).click(),
  ]);
  const file = await dl.path();
  const { readFileSync } = await import("node:fs");
  const { createHash } = await import("node:crypto");
  const sha = createHash("sha256").update(readFileSync(file)).digest("hex");
  await expect(asked).toContainText(`SHA-256 ${sha.slice(0, 16)}`);
  const { rows: keys } = await database.query(
    `SELECT "keyId" FROM "SigningKey" WHERE "orgId" = $1 AND state = 'active'`,
    [orgRows[0].orgId],
  );
  expect(await luminousVerify(file, keys[0].keyId)).toMatch(/^OK .*5 controls recomputed/m);

  // A control's timeline: yesterday is in the stored history, which verifies.
  const history = await c.history("8.4.2 MFA for all access", "pci.8.4.2");
  await expect(history).toContainText(/Daily history intact \([\d,]+ snapshots chained\)/);
  await expect(history).toContainText(/1 of 8 days recorded: \d pass, \d attention, \d fail\./);
  await expect(history.getByRole("img", { name: "pci.8.4.2 status per day, 1 days" })).toBeVisible();

  await page.setViewportSize({ width: 375, height: 800 });
  await expectAccessibleAndFits(page);

  const { rows: events } = await database.query(
    `SELECT "action", "outcome" FROM "AuditEvent" WHERE "orgId" = $1 AND "action" LIKE 'compliance.%' AND "ts" > now() - interval '10 minutes' ORDER BY "ts"`,
    [orgRows[0].orgId],
  );
  expect(events.map((e) => e.action)).toEqual(
    expect.arrayContaining([
      "compliance.schedule.create",
      "compliance.report_run.request",
      "compliance.report_run.generate",
      "compliance.report_run.download",
    ]),
  );
});
