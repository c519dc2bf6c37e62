/**
 * Notifications end to end with real peers: the org's mail server settings (validated, password
 * sealed and never echoed, audited), the test button, approval emails to approvers and to the
 * requester's contact, invitation emails, and signed webhooks a real receiver verifies, with a
 * retry after the receiver was down. Deliveries go through the outbox the worker sends.
 */
import { defaultApprovals } from "@luminous/policy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as decision from "@/app/api/v1/approvals/[id]/decision/route";
import * as deliveries from "@/app/api/v1/notifications/deliveries/route";
import * as emailRoute from "@/app/api/v1/notifications/email/route";
import * as testRoute from "@/app/api/v1/notifications/email/test/route";
import * as settingsRoute from "@/app/api/v1/notifications/route";
import * as webhookOne from "@/app/api/v1/notifications/webhooks/[id]/route";
import * as webhooks from "@/app/api/v1/notifications/webhooks/route";
import * as invitationDelivery from "@/app/api/v1/users/invitation-delivery/route";
import * as users from "@/app/api/v1/users/route";
import { notifyApprovalEvent } from "@/server/approvals/approval-notify";
import { expireAllDueApprovalRequests } from "@/server/approvals/expire-approval-requests";
import { openApprovalRequest } from "@/server/approvals/open-approval-request";
import { resetEnvForTests } from "@/server/env";
import { deliverDueNotifications, MAX_ATTEMPTS } from "@/server/notifications/deliver-notifications";
import { deliverAllDue } from "@/server/notifications/run-notification-round";
import { call, makeOrg, PUBLIC_URL, setupTestDatabase, type TestOrg } from "../harness";
import { startReceiver, startSmtp } from "./peers";

const t = setupTestDatabase();
const SMTP_USER = "console-mailer";
const SMTP_PASS = "smtp-pass-9f3e1c";
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let org: TestOrg;
let deviceN = 0;

const settings = (over: Record<string, unknown> = {}) => ({
  host: "localhost",
  port: smtp.port,
  security: "starttls",
  username: SMTP_USER,
  password: SMTP_PASS,
  caCert: smtp.ca,
  fromAddress: "console@corp.test",
  approvalsContact: ["workstation-team@corp.test"],
  ...over,
});
const save = (o: TestOrg, body: unknown) =>
  call(emailRoute.PUT, "PUT", "/api/v1/notifications/email", { token: o.users.admin.token, body });
const log = (o: TestOrg) =>
  call(deliveries.GET, "GET", "/api/v1/notifications/deliveries", { token: o.users.auditor.token });

/** A device of the org asks for approval (the agent route's domain call, with its audit meta). */
async function ask(o: TestOrg, sentence: string) {
  const n = ++deviceN;
  const d = await t.db.prisma.device.create({
    data: { orgId: o.orgId, hostname: `ws-notify-${n}`, machineId: `m-${n}`, publicKey: "k" },
  });
  const { request } = await openApprovalRequest(
    { ...d, policyGeneration: 0 },
    {
      action: "system_upgrade",
      packages: [],
      services: [],
      user: "alice",
      sentence,
      command: "nixos-rebuild switch --upgrade",
      decision: "require_approval",
      rule: "commands.require_approval",
      policyVersion: 1,
      reason: "security patches",
    },
    { actor: { type: "device", id: d.id, label: d.hostname } },
  );
  return request;
}

beforeAll(async () => {
  smtp = await startSmtp({ user: SMTP_USER, pass: SMTP_PASS });
  receiver = await startReceiver();
  org = await makeOrg("notify");
  const policy = await t.db.prisma.policy.create({ data: { orgId: org.orgId, name: "baseline" } });
  await t.db.prisma.policyVersion.create({
    data: {
      orgId: org.orgId,
      policyId: policy.id,
      number: 1,
      document: { approvals: defaultApprovals() } as object,
      source: "{}",
      contentHash: "v1",
      lockedPaths: [],
      authorLabel: "test",
      publishedAt: new Date(),
    },
  });
  await t.db.prisma.policyAssignment.create({ data: { orgId: org.orgId, policyId: policy.id, scope: "org" } });
});
afterAll(async () => {
  await smtp?.close();
  await receiver?.stop();
});

describe("mail server settings", () => {
  it("refuses bad settings with an error naming each field", async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ port: 70000 }, "port", /1-65535/],
      [{ host: "smtp://mail.corp.test" }, "host", /without scheme/],
      [{ fromAddress: "not an address" }, "fromAddress", /email address/],
      [{ security: "none" }, "security", /STARTTLS or TLS/],
      [{ security: "ssl3" }, "security", /./],
      [{ approvalsContact: ["ops@corp.test", "nope"] }, "approvalsContact.1", /email address/],
      [{ caCert: "hello" }, "caCert", /PEM certificate/],
    ];
    for (const [over, path, message] of cases) {
      const r = await save(org, settings(over));
      expect(r.status, path).toBe(422);
      const f = r.json.error.fields.find((x: { path: string }) => x.path === path);
      expect(f?.message, `${path}: ${JSON.stringify(r.json.error.fields)}`).toMatch(message);
    }
    const other = await makeOrg("notify-new");
    const noPassword = await save(other, settings({ password: undefined }));
    expect(noPassword.status).toBe(422);
    expect(noPassword.json.error.fields[0]).toMatchObject({ path: "password" });
    // an internal address is refused when the egress policy does not allow it
    process.env.EGRESS_ALLOW = "";
    resetEnvForTests();
    try {
      const internal = await save(other, settings({ host: "169.254.169.254" }));
      expect(internal.status).toBe(422);
      expect(internal.json.error.fields[0]).toMatchObject({ path: "host", message: expect.stringMatching(/egress/) });
    } finally {
      process.env.EGRESS_ALLOW = "127.0.0.0/8,::1";
      resetEnvForTests();
    }
    expect(await t.db.prisma.emailSettings.count({ where: { orgId: other.orgId } })).toBe(0);
  });

  it("stores the password sealed, never sends it back, and audits the change without it", async () => {
    const r = await save(org, settings());
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json).toMatchObject({ configured: true, host: "localhost", passwordSet: true, username: SMTP_USER });
    expect(JSON.stringify(r.json)).not.toContain(SMTP_PASS);
    const shown = await call(settingsRoute.GET, "GET", "/api/v1/notifications", { token: org.users.auditor.token });
    expect(shown.status).toBe(200);
    expect(JSON.stringify(shown.json)).not.toContain(SMTP_PASS);
    const row = await t.db.prisma.emailSettings.findUniqueOrThrow({ where: { orgId: org.orgId } });
    expect(row.passwordEnc).toMatch(/^v1\./);
    expect(row.passwordEnc).not.toContain(SMTP_PASS);
    const ev = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { orgId: org.orgId, action: "settings.email.update" },
      orderBy: { ts: "desc" },
    });
    expect(ev.actorId).toBe(org.users.admin.id);
    expect(ev.after).toMatchObject({ host: "localhost", passwordSet: true, passwordChanged: true });
    expect(JSON.stringify([ev.before, ev.after, ev.data])).not.toContain(SMTP_PASS);
    // saving again without a password keeps the stored one
    const again = await save(org, settings({ password: undefined, port: smtp.port }));
    expect(again.json.passwordSet).toBe(true);
    // a viewer may not change it, and is recorded
    const denied = await call(emailRoute.PUT, "PUT", "/api/v1/notifications/email", {
      token: org.users.viewer.token,
      body: settings(),
    });
    expect(denied.status).toBe(403);
  });

  it("the test button sends through STARTTLS with AUTH, and reports a refused password by class", async () => {
    const ok = await call(testRoute.POST, "POST", "/api/v1/notifications/email/test", {
      token: org.users.admin.token,
      body: { to: "someone@corp.test" },
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ ok: true, message: expect.stringContaining("someone@corp.test") });
    const mail = await smtp.waitFor("someone@corp.test", /test email/);
    expect(mail).toMatchObject({ from: "console@corp.test", secure: true, user: SMTP_USER });
    expect(mail.text).toContain(org.users.admin.email);

    await save(org, settings({ password: "wrong" }));
    const bad = await call(testRoute.POST, "POST", "/api/v1/notifications/email/test", {
      token: org.users.admin.token,
      body: { to: "someone@corp.test" },
    });
    expect(bad.json.ok).toBe(false);
    expect(bad.json.message).toMatch(/refused the username or password \(SMTP 535\)/);
    expect(bad.json.message).not.toContain("internal-mailhost-secret-banner");
    // a certificate the console does not trust is a TLS failure, not a silent downgrade
    await save(org, settings({ caCert: "" }));
    const untrusted = await call(testRoute.POST, "POST", "/api/v1/notifications/email/test", {
      token: org.users.admin.token,
      body: { to: "someone@corp.test" },
    });
    expect(untrusted.json).toMatchObject({ ok: false, message: expect.stringMatching(/TLS/) });
    await save(org, settings());

    const shown = await log(org);
    expect(shown.json.items.slice(0, 3).map((d: { state: string; event: string }) => [d.event, d.state])).toEqual([
      ["email.test", "failed"],
      ["email.test", "failed"],
      ["email.test", "delivered"],
    ]);
    const audited = await t.db.prisma.auditEvent.findMany({
      where: { orgId: org.orgId, action: "settings.email.test" },
      orderBy: { ts: "asc" },
    });
    expect(audited.map((e) => e.outcome)).toEqual(["success", "failure", "failure"]);
  });
});

describe("webhook endpoints", () => {
  it("refuses URLs the egress policy or the schema would not allow, naming the field", async () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ url: "file:///etc/passwd" }, "url"],
      [{ url: "https://user:pw@hooks.example.com/" }, "url"],
      [{ url: PUBLIC_URL }, "url"],
      [{ events: [] }, "events"],
      [{ events: ["approval.whatever"] }, "events.0"],
    ];
    for (const [over, path] of bad) {
      const r = await call(webhooks.POST, "POST", "/api/v1/notifications/webhooks", {
        token: org.users.admin.token,
        body: { name: "SOAR", url: "https://hooks.example.com/in", events: ["approval.requested"], ...over },
      });
      expect(r.status, JSON.stringify(over)).toBe(422);
      expect(r.json.error.fields.map((f: { path: string }) => f.path)).toContain(path);
    }
  });
});

describe("approval notifications", () => {
  let secret: string;
  let hookId: string;
  beforeAll(async () => {
    const r = await call(webhooks.POST, "POST", "/api/v1/notifications/webhooks", {
      token: org.users.admin.token,
      body: {
        name: "SOAR",
        url: receiver.url,
        events: ["approval.requested", "approval.decided", "approval.expired", "user.invited"],
      },
    });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    secret = r.json.secret;
    hookId = r.json.id;
    expect(secret).toMatch(/^lnxw_/);
    receiver.setSecret(secret);
    const listed = await call(settingsRoute.GET, "GET", "/api/v1/notifications", { token: org.users.admin.token });
    expect(JSON.stringify(listed.json)).not.toContain(secret);
  });

  it("a new request emails everyone who may decide it and calls the webhook, signed", async () => {
    const req = await ask(org, "please upgrade my laptop tonight");
    // queued in the request's own transaction, sent by the worker
    const queued = await t.db.prisma.notificationDelivery.findMany({
      where: { orgId: org.orgId, event: "approval.requested", state: "pending" },
    });
    expect(queued.map((q) => q.target).sort()).toEqual(
      [org.users.owner.email, org.users.admin.email, org.users.security_admin.email, receiver.url].sort(),
    );
    expect(queued.find((q) => q.channel === "email")!.body).not.toContain("please upgrade");
    const sent = await deliverAllDue();
    expect(sent.failed).toBe(0);

    for (const who of [org.users.owner, org.users.admin, org.users.security_admin]) {
      const m = await smtp.waitFor(who.email, /^Approval requested: system_upgrade on ws-notify-/);
      expect(m.to).toEqual([who.email]);
      expect(m.text).toContain('Their words: "please upgrade my laptop tonight"');
      expect(m.text).toContain("Command: nixos-rebuild switch --upgrade");
      expect(m.text).toContain(`${PUBLIC_URL}/approvals/${req.id}`);
    }
    expect(smtp.mails.some((m) => m.to.includes(org.users.viewer.email))).toBe(false);

    const hook = receiver.hooks.find((h) => h.event === "approval.requested" && h.json.data.request);
    expect(hook?.check).toEqual({ ok: true });
    expect(hook!.json).toMatchObject({
      type: "approval.requested",
      data: { request: { id: req.id, sentence: "please upgrade my laptop tonight", status: "pending" } },
    });
    // the same bytes replayed after the receiver's tolerance are refused by it
    const { verifyWebhook } = await import("@/server/notifications/sign-webhook");
    const ts = Math.floor(Date.now() / 1000);
    const { signWebhook } = await import("@/server/notifications/sign-webhook");
    expect(
      verifyWebhook(secret, { signature: signWebhook(secret, ts, hook!.body), timestamp: String(ts) }, hook!.body, {
        now: ts + 3600,
      }),
    ).toEqual({ ok: false, reason: "stale" });
  });

  it("a decision emails the requester's contact and the matching console account, and calls the webhook", async () => {
    const alice = await t.db.prisma.user.create({
      data: { orgId: org.orgId, email: "alice@corp.test", name: "Alice", role: "viewer" },
    });
    const req = await ask(org, "upgrade, the VPN client is broken");
    const d = await call(decision.POST, "POST", `/api/v1/approvals/${req.id}/decision`, {
      token: org.users.admin.token,
      params: { id: req.id },
      body: { verdict: "deny", reason: "change freeze until Monday" },
    });
    expect(d.status, JSON.stringify(d.json)).toBe(200);
    await deliverAllDue();
    for (const to of ["workstation-team@corp.test", alice.email]) {
      const m = await smtp.waitFor(to, /^Approval request denied: system_upgrade/);
      expect(m.text).toContain(`Denied by ${org.users.admin.email}: change freeze until Monday.`);
      expect(m.text).toContain("upgrade, the VPN client is broken");
    }
    const hook = receiver.hooks.find(
      (h) => h.event === "approval.decided" && (h.json.data.request as { id: string }).id === req.id,
    );
    expect(hook?.check.ok).toBe(true);
    expect(hook!.json.data.request).toMatchObject({ status: "denied", denyReason: "change freeze until Monday" });
  });

  it("an expiry swept by the worker emails the contact and calls the webhook", async () => {
    const req = await ask(org, "install the new kernel");
    await t.db.prisma.approvalRequest.update({
      where: { id: req.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await expireAllDueApprovalRequests()).toBe(1);
    await deliverAllDue();
    const m = await smtp.waitFor("workstation-team@corp.test", /^Approval request expired/);
    expect(m.text).toContain("install the new kernel");
    expect(m.text).toMatch(/Expired at .* without a decision/);
    const hook = receiver.hooks.find(
      (h) => h.event === "approval.expired" && (h.json.data.request as { id: string }).id === req.id,
    );
    expect(hook?.check.ok).toBe(true);
  });

  it("break-glass tells every approver (notice and email) and the requester's contact", async () => {
    const req = await ask(org, "open the firewall for the incident bridge");
    await t.db.prisma.approvalRequest.update({ where: { id: req.id }, data: { breakGlass: true } });
    const told = await t.db.prisma.$transaction((tx) =>
      notifyApprovalEvent(tx, "break_glass", { id: req.id, orgId: org.orgId }),
    );
    expect(told).toMatchObject({ notices: 3, emails: 5 });
    await deliverAllDue();
    for (const to of [org.users.owner.email, org.users.security_admin.email, "workstation-team@corp.test"]) {
      const m = await smtp.waitFor(to, /^Break-glass used: system_upgrade/);
      expect(m.text).toContain("open the firewall for the incident bridge");
      expect(m.text).toContain("follow-up review is open");
    }
    const notice = await t.db.prisma.notice.findFirstOrThrow({
      where: { orgId: org.orgId, kind: "approval.break_glass", userId: org.users.admin.id },
    });
    expect(notice.link).toBe(`/approvals/${req.id}`);
  });

  it("retries a webhook while its receiver is down, with backoff, and delivers once it is up", async () => {
    await receiver.stop();
    const before = receiver.hooks.length;
    const req = await ask(org, "retry me");
    const first = await deliverDueNotifications();
    expect(first.retrying).toBeGreaterThanOrEqual(1);
    const row = await t.db.prisma.notificationDelivery.findFirstOrThrow({
      where: { orgId: org.orgId, channel: "webhook", event: "approval.requested", state: "pending" },
    });
    expect(row).toMatchObject({ attempts: 1, lastError: "Could not connect" });
    // backoff: not due again at once (30 s, drawn from 15-30 s)
    const wait = (row.nextAttemptAt.getTime() - Date.now()) / 1000;
    expect(wait).toBeGreaterThan(10);
    expect(wait).toBeLessThanOrEqual(31);
    expect((await deliverDueNotifications()).claimed).toBe(0);
    const shown = await log(org);
    expect(shown.json.items.find((d: { id: string }) => d.id === row.id)).toMatchObject({
      state: "pending",
      attempts: 1,
      lastError: "Could not connect",
      channel: "webhook",
    });

    await receiver.start();
    const later = await deliverDueNotifications({ now: new Date(Date.now() + 60_000) });
    expect(later.delivered).toBeGreaterThanOrEqual(1);
    const hook = receiver.hooks.slice(before).find((h) => (h.json.data.request as { id: string }).id === req.id);
    expect(hook?.check.ok).toBe(true);
    expect(hook!.delivery).toBe(row.id);
    const done = await t.db.prisma.notificationDelivery.findUniqueOrThrow({ where: { id: row.id } });
    expect(done).toMatchObject({ state: "delivered", attempts: 2, lastError: null });
  });

  it("gives up after the last attempt and says why in the log", async () => {
    await receiver.stop();
    await ask(org, "never arrives");
    let now = Date.now();
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await deliverDueNotifications({ now: new Date(now) });
      now += 2 * 3600_000;
    }
    const row = await t.db.prisma.notificationDelivery.findFirstOrThrow({
      where: { orgId: org.orgId, channel: "webhook", endpointId: hookId },
      orderBy: { createdAt: "desc" },
    });
    expect(row).toMatchObject({ state: "failed", attempts: MAX_ATTEMPTS, lastError: "Could not connect" });
    await receiver.start();
  });

  it("a removed endpoint gets nothing more", async () => {
    const extra = await call(webhooks.POST, "POST", "/api/v1/notifications/webhooks", {
      token: org.users.admin.token,
      body: { name: "old", url: receiver.url, events: ["approval.requested"] },
    });
    await ask(org, "after removal");
    const del = await call(webhookOne.DELETE, "DELETE", "/x", {
      token: org.users.admin.token,
      params: { id: extra.json.id },
    });
    expect(del.status).toBe(200);
    const row = await t.db.prisma.notificationDelivery.findFirstOrThrow({
      where: { orgId: org.orgId, target: receiver.url, lastError: "The webhook endpoint was removed" },
    });
    expect(row.state).toBe("failed");
  });
});

describe("invitations", () => {
  it("are emailed when a mail server is configured, and the link still shows", async () => {
    const plain = await makeOrg("invite-nosmtp");
    const q0 = await call(invitationDelivery.GET, "GET", "/x", { token: plain.users.admin.token });
    expect(q0.json).toEqual({ email: false });
    const noMail = await call(users.POST, "POST", "/api/v1/users", {
      token: plain.users.admin.token,
      body: { email: "bob@plain.test", name: "Bob", role: "viewer" },
    });
    expect(noMail.json).toMatchObject({ emailed: false, inviteUrl: expect.stringContaining("/invite?token=") });

    const q1 = await call(invitationDelivery.GET, "GET", "/x", { token: org.users.admin.token });
    expect(q1.json).toEqual({ email: true });
    const r = await call(users.POST, "POST", "/api/v1/users", {
      token: org.users.admin.token,
      body: { email: "carol@corp.test", name: "Carol", role: "auditor" },
    });
    expect(r.status).toBe(201);
    expect(r.json.emailed).toBe(true);
    await deliverAllDue();
    const m = await smtp.waitFor("carol@corp.test", /invited to Luminous Console/);
    expect(m.to).toEqual(["carol@corp.test"]);
    expect(m.text).toContain(r.json.inviteUrl);
    expect(m.text).toContain(org.users.admin.email);
    expect(smtp.mails.some((x) => x.to.includes("bob@plain.test"))).toBe(false);
    // the outbox keeps the link sealed; the log shows only the subject
    const row = await t.db.prisma.notificationDelivery.findFirstOrThrow({ where: { target: "carol@corp.test" } });
    expect(row.body).not.toContain("token=");
    const hook = receiver.hooks.find((h) => h.event === "user.invited");
    expect(hook?.check.ok).toBe(true);
    expect(hook!.body).not.toContain("token");
  });
});
