/**
 * The org's notification settings over the admin API, with a real SMTP server (smtp-server with
 * STARTTLS and AUTH): validation naming each field, the password sealed and never echoed, the
 * change audited, the test button's answers, and webhook URLs held to the egress policy.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as emailRoute from "@/app/api/v1/notifications/email/route";
import * as testRoute from "@/app/api/v1/notifications/email/test/route";
import * as settingsRoute from "@/app/api/v1/notifications/route";
import * as webhooks from "@/app/api/v1/notifications/webhooks/route";
import { resetEnvForTests } from "@/server/env";
import { call, makeOrg, PUBLIC_URL, setupTestDatabase, type TestOrg } from "../harness";
import { deliveryLog as log, mailSettings, SMTP_PASS, SMTP_USER, saveMail as save } from "./helpers";
import { startSmtp } from "./peers";

const t = setupTestDatabase();
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let org: TestOrg;
const settings = (over: Record<string, unknown> = {}) => mailSettings(smtp, over);

beforeAll(async () => {
  smtp = await startSmtp({ user: SMTP_USER, pass: SMTP_PASS });
  org = await makeOrg("notify-settings");
});
afterAll(() => smtp?.close());

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
