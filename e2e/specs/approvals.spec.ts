/**
 * Approvals in the browser against the built console and a real agent: a workstation's request
 * appears in a security admin's inbox (with the nav badge), is approved with a fresh TOTP code from
 * their authenticator, and the waiting `luminous-agent request` process exits 0. The requester
 * cannot approve their own request: the server's reason shows in the dialog.
 */
import { totpAt } from "../../apps/console/src/server/auth/totp";
import { expectAccessibleAtWidths } from "../a11y";
import { Workstation } from "../agent";
import { expect, test } from "../fixtures";
import { AcceptInvitePage, ApprovalsPage, SignInPage, UsersPage } from "../pages";

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const step = (ms: number) => Math.floor(ms / 30_000);

test("a request appears in the inbox, is approved with a TOTP code, and the waiting agent proceeds", async ({
  page,
  owner,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const id = unique();
  const approver = { email: `approver-${id}@example.test`, name: `Approver ${id}`, role: "Security admin" };
  const password = `Appr0ver-${id}-pass!`;
  const requester = `dev-${id}`;

  await new SignInPage(page).signInAs(owner.email, owner.password, 15_000);
  const users = new UsersPage(page);
  await users.goto();
  const link = await users.invite(approver);
  const ws = await Workstation.enroll(page.request, baseURL!, `ws-approvals-${id}`);

  const ctx = await browser.newContext({ baseURL });
  const p = await ctx.newPage();
  await new AcceptInvitePage(p).accept(link, password);
  await new SignInPage(p).signInAs(approver.email, password, 15_000);
  // The approver turns on an authenticator (as on the Profile page); the code that confirms it is spent.
  const started = await p.request.post("/api/v1/me/mfa/totp", { headers: { Origin: baseURL! } });
  expect(started.status(), await started.text()).toBe(200);
  const { secret } = (await started.json()) as { secret: string };
  const enrolledAt = Date.now();
  const confirmed = await p.request.post("/api/v1/me/mfa/totp/confirm", {
    headers: { Origin: baseURL! },
    data: { code: totpAt(secret, enrolledAt) },
  });
  expect(confirmed.status(), await confirmed.text()).toBe(200);

  // modify_firewall needs MFA under the default policy: the agent asks and waits
  const waiting = ws.request([
    "--action",
    "modify_firewall",
    "--service",
    "sshd",
    "--user",
    requester,
    "--sentence",
    "open ssh to the office network",
    "--command",
    "nixos-rebuild switch",
    "--reason",
    "remote support session",
    "--timeout",
    "120",
  ]);

  const inbox = new ApprovalsPage(p);
  await expect
    .poll(
      async () => {
        await inbox.goto();
        return inbox.row(requester).count();
      },
      { timeout: 20_000, message: "the request reaches the inbox" },
    )
    .toBe(1);
  // the frame is rendered on navigation: load it again now that the request exists
  // (other specs' requests in this org may be counted too)
  await inbox.goto();
  await expect(inbox.navLink).toHaveAccessibleName(/^Approvals [1-9]\d* to decide$/);
  await expect(inbox.row(requester)).toContainText("modify_firewall sshd");
  await expect(inbox.row(requester)).toContainText("MFA");
  await expect(inbox.row(requester)).toContainText("Pending");
  await expectAccessibleAtWidths(p);

  await p.setViewportSize({ width: 1280, height: 800 });
  await inbox.open(requester);
  await expect(inbox.field("Asked in their words")).toHaveText("“open ssh to the office network”");
  await expect(inbox.field("Resolved command")).toHaveText("nixos-rebuild switch");
  await expect(inbox.field("Services")).toHaveText("sshd");
  await expect(inbox.field("Rule")).toHaveText("mfa.operations");
  await expect(inbox.field("Reason")).toHaveText("remote support session");
  await expect(inbox.field("Device").getByRole("link")).toHaveAttribute("href", `/devices/${ws.deviceId}`);
  await expect(p.getByRole("list", { name: "Approval levels" })).toContainText("0 of 1 approved");
  await expectAccessibleAtWidths(p);

  // a wrong code: the server's refusal shows in the dialog, nothing is decided
  await p.setViewportSize({ width: 375, height: 800 });
  await inbox.startDecision("Approve", { code: totpAt(secret, Date.now() + 300_000) });
  await expectAccessibleAtWidths(p);
  await inbox.submitDecision("Approve");
  await expect(inbox.dialog.getByRole("alert")).toHaveText("The second-factor code is wrong or expired");

  // a fresh code (a later time step than the one that turned the authenticator on)
  while (step(Date.now()) === step(enrolledAt)) await p.waitForTimeout(1000);
  await inbox.dialog.getByLabel("Authenticator code").fill(totpAt(secret, Date.now()));
  await inbox.submitDecision("Approve");
  await expect(inbox.dialog).toBeHidden();
  await expect(p.getByRole("heading", { level: 1 }).locator("..")).toContainText("Approved");
  await expect(p.getByRole("list", { name: "Approval levels" })).toContainText(`approved by ${approver.email}`);
  await expect(p.getByRole("list", { name: "Approval levels" })).toContainText("confirmed with an authenticator code");
  await inbox.goto();
  await expect(inbox.row(requester)).toHaveCount(0);
  await inbox.goto("decided");
  await expect(inbox.row(requester)).toContainText("Approved");

  const done = await waiting;
  expect(done.code, done.out).toBe(0);
  expect(done.out).toContain(`approved by ${approver.email} (approvers, totp)`);
  await ws.stop();
  await ctx.close();
});

test("the requester cannot approve their own request: the dialog shows the server's reason", async ({
  page,
  owner,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const ws = await (async () => {
    await new SignInPage(page).signInAs(owner.email, owner.password, 15_000);
    return Workstation.enroll(page.request, baseURL!, `ws-self-${unique()}`);
  })();
  // the owner's own workstation account: the local part of their email
  const self = owner.email.split("@")[0]!;
  const asked = await ws.request(["--action", "system_upgrade", "--user", self, "--timeout", "0"]);
  expect(asked.code, asked.out).toBe(7);

  const inbox = new ApprovalsPage(page);
  await inbox.goto();
  await inbox.open(self);
  await expect(page.getByText("You cannot decide your own request.")).toBeVisible();
  await inbox.startDecision("Approve");
  await inbox.submitDecision("Approve");
  await expect(inbox.dialog.getByRole("alert")).toHaveText("You cannot decide your own request");
  await inbox.dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("heading", { level: 1 }).locator("..")).toContainText("Pending");
  await ws.stop();
});
