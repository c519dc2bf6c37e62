/**
 * Notifications delivered with real peers: approval emails to approvers and to the requester's
 * contact, expiry and break-glass, invitation emails (smtp-server with STARTTLS and AUTH), and
 * signed webhooks a real HTTP receiver verifies, with retries while it is down. Everything goes
 * through the outbox the worker sends.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as decision from "@/app/api/v1/approvals/[id]/decision/route";
import * as settingsRoute from "@/app/api/v1/notifications/route";
import * as webhookOne from "@/app/api/v1/notifications/webhooks/[id]/route";
import * as webhooks from "@/app/api/v1/notifications/webhooks/route";
import * as invitationDelivery from "@/app/api/v1/users/invitation-delivery/route";
import * as users from "@/app/api/v1/users/route";
import { notifyApprovalEvent } from "@/server/approvals/approval-notify";
import { runApprovalExpiry } from "@/server/approvals/run-approval-expiry";
import { deliverDueNotifications, MAX_ATTEMPTS } from "@/server/notifications/deliver-notifications";
import { deliverAllDue } from "@/server/notifications/run-notification-round";
import { signWebhook, verifyWebhook } from "@/server/notifications/sign-webhook";
import { call, makeOrg, PUBLIC_URL, setupTestDatabase, type TestOrg } from "../harness";
import {
  ask,
  deliveryLog as log,
  mailSettings,
  publishDefaultApprovals,
  SMTP_PASS,
  SMTP_USER,
  saveMail,
} from "./helpers";
import { startReceiver, startSmtp } from "./peers";

const t = setupTestDatabase();
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let org: TestOrg;

beforeAll(async () => {
  smtp = await startSmtp({ user: SMTP_USER, pass: SMTP_PASS });
  receiver = await startReceiver();
  org = await makeOrg("notify");
  await publishDefaultApprovals(org.orgId);
  const saved = await saveMail(org, mailSettings(smtp));
  expect(saved.status, JSON.stringify(saved.json)).toBe(200);
});
afterAll(async () => {
  await smtp?.close();
  await receiver?.stop();
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
    const ts = Math.floor(Date.now() / 1000);
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
    expect((await runApprovalExpiry()).expired).toBe(1);
    await deliverAllDue();
    const m = await smtp.waitFor("workstation-team@corp.test", /^Approval request expired/);
    expect(m.text).toContain("install the new kernel");
    expect(m.text).toMatch(/Expired at .* without a decision/);
    const hook = receiver.hooks.find(
      (h) => h.event === "approval.expired" && (h.json.data.request as { id: string }).id === req.id,
    );
    expect(hook?.check.ok).toBe(true);
  });

  it("break-glass emails every approver and the requester's contact", async () => {
    const req = await ask(org, "open the firewall for the incident bridge");
    await t.db.prisma.approvalRequest.update({ where: { id: req.id }, data: { breakGlass: true } });
    const told = await t.db.prisma.$transaction((tx) =>
      notifyApprovalEvent(tx, "break_glass", { id: req.id, orgId: org.orgId }),
    );
    expect(told).toMatchObject({ emails: 5 });
    await deliverAllDue();
    for (const to of [org.users.owner.email, org.users.security_admin.email, "workstation-team@corp.test"]) {
      const m = await smtp.waitFor(to, /^Break-glass used: system_upgrade/);
      expect(m.text).toContain("open the firewall for the incident bridge");
      expect(m.text).toContain("follow-up review is open");
    }
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
