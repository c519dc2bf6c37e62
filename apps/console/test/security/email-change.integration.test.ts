import { describe, expect, it } from "vitest";
import * as confirm from "@/app/api/public/email-change/route";
import * as user from "@/app/api/v1/users/[id]/route";
import { unseal } from "@/server/notifications/sealed";
import { emailChangeIsUsable } from "@/server/users/confirm-email-change";
import { NEEDS_EMAIL_DELIVERY } from "@/server/users/request-email-change";
import { call, makeOrg, PUBLIC_URL, setupTestDatabase } from "../harness";

const t = setupTestDatabase();

async function withMailServer(orgId: string) {
  await t.db.prisma.emailSettings.create({
    data: { orgId, host: "127.0.0.1", port: 2525, security: "none", fromAddress: "console@example.test" },
  });
}

/** The confirmation link of the latest email queued to `to` (the outbox seals its body). */
async function linkSentTo(to: string): Promise<string> {
  const d = await t.db.prisma.notificationDelivery.findFirstOrThrow({
    where: { channel: "email", target: to, event: "user.email_change" },
    orderBy: { createdAt: "desc" },
  });
  const { text } = JSON.parse(unseal("email-body", d.id, d.body)) as { text: string };
  const link = text.split("\n").find((l) => l.startsWith(`${PUBLIC_URL}/verify-email?token=`));
  if (!link) throw new Error(`no confirmation link in: ${text}`);
  return new URL(link).searchParams.get("token") ?? "";
}

const session = (orgId: string, userId: string) =>
  t.db.prisma.session.create({ data: { orgId, userId, expiresAt: new Date(Date.now() + 3600_000) } });

describe("changing an account's email", () => {
  it("answers the same for a new address and another organisation's, and changes nothing until confirmed", async () => {
    const a = await makeOrg("a");
    const b = await makeOrg("b");
    await withMailServer(a.orgId);
    const victim = b.users.viewer;
    const patch = (id: string, email: string) =>
      call(user.PATCH, "PATCH", "/api/v1/users/x", { token: a.users.admin.token, params: { id }, body: { email } });
    const fresh = await patch(a.users.viewer.id, "viewer.new@example.test");
    const other = await patch(a.users.auditor.id, victim.email);
    expect(fresh.status).toBe(200);
    expect(other.status).toBe(200);
    const strip = ({ id, email, name, role, createdAt, lastLoginAt, pendingEmail, ...rest }: Record<string, unknown>) =>
      rest;
    expect(strip(other.json)).toEqual(strip(fresh.json));
    expect(other.json).toMatchObject({ email: a.users.auditor.email, pendingEmail: victim.email });
    expect(fresh.json).toMatchObject({ email: a.users.viewer.email, pendingEmail: "viewer.new@example.test" });
    // Each address got its confirmation email; nothing in B changed or was written to B's trail.
    expect(await linkSentTo(victim.email)).toMatch(/^lnxv_/);
    expect(await t.db.prisma.user.findUniqueOrThrow({ where: { email: victim.email } })).toMatchObject({
      id: victim.id,
      orgId: b.orgId,
    });
    expect(await t.db.prisma.auditEvent.count({ where: { orgId: b.orgId, action: { startsWith: "user." } } })).toBe(0);
    const asked = await t.db.prisma.auditEvent.findMany({
      where: { orgId: a.orgId, action: "user.email.change_requested" },
    });
    expect(asked).toHaveLength(2);
  });

  it("the new address confirms: the email changes, sessions end, and the link works once", async () => {
    const a = await makeOrg("a");
    await withMailServer(a.orgId);
    await session(a.orgId, a.users.viewer.id);
    const r = await call(user.PATCH, "PATCH", "/api/v1/users/x", {
      token: a.users.admin.token,
      params: { id: a.users.viewer.id },
      body: { email: "Viewer.Moved@Example.test" },
    });
    expect(r.status).toBe(200);
    const token = await linkSentTo("viewer.moved@example.test");
    expect(await emailChangeIsUsable(token)).toBe(true);
    const ok = await call(confirm.POST, "POST", "/api/public/email-change", { body: { token } });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ changed: true, email: "viewer.moved@example.test" });
    const u = await t.db.prisma.user.findUniqueOrThrow({ where: { id: a.users.viewer.id } });
    expect(u).toMatchObject({ email: "viewer.moved@example.test", pendingEmail: null, emailChangeTokenHash: null });
    expect(await t.db.prisma.session.count({ where: { userId: u.id, revokedAt: null } })).toBe(0);
    const ev = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { orgId: a.orgId, action: "user.email.change" },
    });
    expect(ev).toMatchObject({ outcome: "success", actorId: u.id });
    expect(ev.before).toEqual({ email: a.users.viewer.email });
    const again = await call(confirm.POST, "POST", "/api/public/email-change", { body: { token } });
    expect(again.status).toBe(404);
    expect(await emailChangeIsUsable(token)).toBe(false);
  });

  it("tells only the mailbox holder that the address has an account elsewhere; the org sees the change still pending", async () => {
    const a = await makeOrg("a");
    const b = await makeOrg("b");
    await withMailServer(a.orgId);
    const victim = b.users.helpdesk;
    await call(user.PATCH, "PATCH", "/api/v1/users/x", {
      token: a.users.admin.token,
      params: { id: a.users.viewer.id },
      body: { email: victim.email },
    });
    const before = await t.db.prisma.user.findUniqueOrThrow({ where: { id: a.users.viewer.id } });
    const r = await call(confirm.POST, "POST", "/api/public/email-change", {
      body: { token: await linkSentTo(victim.email) },
    });
    expect(r.status).toBe(200);
    expect(r.json.changed).toBe(false);
    expect(r.json.message).toContain("already belongs to another");
    expect(await t.db.prisma.user.findUniqueOrThrow({ where: { id: a.users.viewer.id } })).toEqual(before);
    const read = await call(user.GET, "GET", "/api/v1/users/x", {
      token: a.users.admin.token,
      params: { id: a.users.viewer.id },
    });
    expect(read.json).toMatchObject({ email: a.users.viewer.email, pendingEmail: victim.email });
    expect(await t.db.prisma.auditEvent.count({ where: { orgId: a.orgId, action: "user.email.change" } })).toBe(0);
    expect(await t.db.prisma.user.findUniqueOrThrow({ where: { id: victim.id } })).toMatchObject({
      email: victim.email,
      orgId: b.orgId,
    });
  });

  it("without a mail server refuses every address the same way, and still names a conflict inside the org", async () => {
    const a = await makeOrg("a");
    const b = await makeOrg("b");
    const patch = (email: string) =>
      call(user.PATCH, "PATCH", "/api/v1/users/x", {
        token: a.users.admin.token,
        params: { id: a.users.viewer.id },
        body: { email },
      });
    const fresh = await patch("nobody.yet@example.test");
    const other = await patch(b.users.viewer.email);
    expect(fresh.status).toBe(409);
    expect(other.status).toBe(409);
    const { requestId: _a, ...otherError } = other.json.error;
    const { requestId: _b, ...freshError } = fresh.json.error;
    expect(otherError).toEqual(freshError);
    expect(fresh.json.error.message).toBe(NEEDS_EMAIL_DELIVERY);
    const inOrg = await patch(a.users.auditor.email);
    expect(inOrg.status).toBe(409);
    expect(inOrg.json.error.fields).toEqual([{ path: "email", message: "This email is already in use" }]);
    expect(await t.db.prisma.user.findUniqueOrThrow({ where: { id: a.users.viewer.id } })).toMatchObject({
      email: a.users.viewer.email,
      pendingEmail: null,
    });
  });

  it("refuses an expired link and a made-up one alike", async () => {
    const a = await makeOrg("a");
    await withMailServer(a.orgId);
    await call(user.PATCH, "PATCH", "/api/v1/users/x", {
      token: a.users.admin.token,
      params: { id: a.users.viewer.id },
      body: { email: "late@example.test" },
    });
    const token = await linkSentTo("late@example.test");
    await t.db.prisma.user.update({
      where: { id: a.users.viewer.id },
      data: { emailChangeExpiresAt: new Date(Date.now() - 1000) },
    });
    const late = await call(confirm.POST, "POST", "/api/public/email-change", { body: { token } });
    const bogus = await call(confirm.POST, "POST", "/api/public/email-change", {
      body: { token: "lnxv_not-a-real-token-at-all" },
    });
    expect(late.status).toBe(404);
    expect(late.json.error.message).toBe(bogus.json.error.message);
    expect((await t.db.prisma.user.findUniqueOrThrow({ where: { id: a.users.viewer.id } })).email).toBe(
      a.users.viewer.email,
    );
  });
});
