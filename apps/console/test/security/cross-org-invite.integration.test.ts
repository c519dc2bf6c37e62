import { describe, expect, it } from "vitest";
import * as acceptInvite from "@/app/api/public/invite/route";
import * as user from "@/app/api/v1/users/[id]/route";
import * as users from "@/app/api/v1/users/route";
import { inviteIsUsable } from "@/server/users/check-invite";
import { call, makeOrg, setupTestDatabase } from "../harness";

const t = setupTestDatabase();

/** The parts of a create-user answer that do not depend on the email or on ids and times. */
function shape(r: { status: number; json: Record<string, unknown> & { user: Record<string, unknown> } }) {
  const { id, email, createdAt, ...rest } = r.json.user;
  return {
    status: r.status,
    keys: Object.keys(r.json).sort(),
    userKeys: Object.keys(r.json.user).sort(),
    rest,
    idIsUuid: typeof id === "string" && /^[0-9a-f-]{36}$/.test(id),
    createdAt: typeof createdAt,
  };
}

function tokenOf(inviteUrl: string): string {
  return new URL(inviteUrl).searchParams.get("token") ?? "";
}

describe("inviting an email that has an account in another organisation", () => {
  it("answers exactly as for a new email, leaves the other org's user alone, and the link never opens an account", async () => {
    const a = await makeOrg("a");
    const b = await makeOrg("b");
    const victim = b.users.auditor;
    const beforeB = await t.db.prisma.user.findUniqueOrThrow({ where: { id: victim.id } });
    const usersBefore = await t.db.prisma.user.count();

    const fresh = await call(users.POST, "POST", "/api/v1/users", {
      token: a.users.admin.token,
      body: { email: "brand.new@elsewhere.test", name: "Someone", role: "viewer" },
    });
    const other = await call(users.POST, "POST", "/api/v1/users", {
      token: a.users.admin.token,
      body: { email: victim.email.toUpperCase(), name: "Someone", role: "viewer" },
    });
    expect(fresh.status).toBe(201);
    expect(other.status).toBe(201);
    expect(shape(other)).toEqual(shape(fresh));
    // The admin sees the address they typed, as a pending invitation with a link.
    expect(other.json.user.email).toBe(victim.email);
    expect(other.json.user.invitePending).toBe(true);
    expect(other.json.inviteUrl).toMatch(/\/invite\?token=lnxi_/);
    expect(JSON.stringify(other.json)).not.toContain(b.orgId);

    // It is listed, searchable and readable in org A like any other pending invitation.
    const list = await call(users.GET, "GET", `/api/v1/users?q=${encodeURIComponent(victim.email)}`, {
      token: a.users.admin.token,
    });
    expect(list.json.items).toHaveLength(1);
    expect(list.json.items[0]).toMatchObject({ id: other.json.user.id, email: victim.email, invitePending: true });
    const read = await call(user.GET, "GET", "/api/v1/users/x", {
      token: a.users.admin.token,
      params: { id: other.json.user.id },
    });
    expect(read.json).toMatchObject({ email: victim.email, invitePending: true });
    // Renaming it keeps the email without a conflict.
    const renamed = await call(user.PATCH, "PATCH", "/api/v1/users/x", {
      token: a.users.admin.token,
      params: { id: other.json.user.id },
      body: { name: "Renamed", email: victim.email },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.json.email).toBe(victim.email);
    expect(await inviteIsUsable(tokenOf(fresh.json.inviteUrl))).toBe(true);
    // Correcting a pending invitation's email to another org's account holds it the same way.
    const moved = await call(user.PATCH, "PATCH", "/api/v1/users/x", {
      token: a.users.admin.token,
      params: { id: fresh.json.user.id },
      body: { email: b.users.viewer.email },
    });
    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({ email: b.users.viewer.email, invitePending: true });
    expect(await inviteIsUsable(tokenOf(fresh.json.inviteUrl))).toBe(false);
    expect(await t.db.prisma.user.findUniqueOrThrow({ where: { email: b.users.viewer.email } })).toMatchObject({
      id: b.users.viewer.id,
    });

    // The audit trail of A names the email typed; nothing lands in B's trail.
    const ev = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { orgId: a.orgId, action: "user.create", targetId: other.json.user.id },
    });
    expect(ev.targetLabel).toBe(victim.email);
    expect(await t.db.prisma.auditEvent.count({ where: { orgId: b.orgId, action: { startsWith: "user." } } })).toBe(0);

    // B's user is untouched and is still the one account for that email; no second account.
    const afterB = await t.db.prisma.user.findUniqueOrThrow({ where: { id: victim.id } });
    expect(afterB).toEqual(beforeB);
    expect(await t.db.prisma.user.findUniqueOrThrow({ where: { email: victim.email } })).toMatchObject({
      id: victim.id,
      orgId: b.orgId,
    });
    expect(await t.db.prisma.user.count()).toBe(usersBefore + 2);

    // The link is dead: the page says so, and accepting it answers as for any dead link.
    const token = tokenOf(other.json.inviteUrl);
    expect(await inviteIsUsable(token)).toBe(false);
    const accepted = await call(acceptInvite.POST, "POST", "/api/public/invite", {
      body: { token, password: "a-long-enough-password" },
    });
    const bogus = await call(acceptInvite.POST, "POST", "/api/public/invite", {
      body: { token: "lnxi_not-a-real-token-at-all", password: "a-long-enough-password" },
    });
    expect(accepted.status).toBe(404);
    expect(accepted.json.error.message).toBe(bogus.json.error.message);
    expect(JSON.stringify(accepted.json)).not.toMatch(new RegExp(`${b.orgId}|${victim.email}`));
    expect(await t.db.prisma.user.findUniqueOrThrow({ where: { id: victim.id } })).toEqual(beforeB);

    // Signing in with that email and the password just tried still reaches nothing new.
    const held = await t.db.prisma.user.findUniqueOrThrow({ where: { id: other.json.user.id } });
    expect(held.passwordHash).toBeNull();
    expect(held.orgId).toBe(a.orgId);
  });

  it("still answers 409 naming the field for an email already in the same organisation, including a held invitation", async () => {
    const a = await makeOrg("a");
    const b = await makeOrg("b");
    const same = await call(users.POST, "POST", "/api/v1/users", {
      token: a.users.admin.token,
      body: { email: a.users.viewer.email, name: "Dup", role: "viewer" },
    });
    expect(same.status).toBe(409);
    expect(same.json.error.fields).toEqual([{ path: "email", message: "This email is already in use" }]);

    const first = await call(users.POST, "POST", "/api/v1/users", {
      token: a.users.admin.token,
      body: { email: b.users.viewer.email, name: "Held", role: "viewer" },
    });
    expect(first.status).toBe(201);
    const again = await call(users.POST, "POST", "/api/v1/users", {
      token: a.users.admin.token,
      body: { email: b.users.viewer.email, name: "Held again", role: "viewer" },
    });
    expect(again.status).toBe(409);
    expect(again.json.error.fields).toEqual([{ path: "email", message: "This email is already in use" }]);
  });

  it("refuses the reserved .invalid domain the console uses internally", async () => {
    const a = await makeOrg("a");
    const r = await call(users.POST, "POST", "/api/v1/users", {
      token: a.users.admin.token,
      body: { email: "someone@invitation.invalid", name: "X", role: "viewer" },
    });
    expect(r.status).toBe(422);
    expect(r.json.error.fields.map((f: { path: string }) => f.path)).toEqual(["email"]);
  });
});
