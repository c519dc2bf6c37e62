import { verifyServerChain } from "@luminous/audit";
import { describe, expect, it } from "vitest";
import * as auditEvents from "@/app/api/v1/audit-events/route";
import * as groupMembers from "@/app/api/v1/groups/[id]/members/route";
import * as groupRoute from "@/app/api/v1/groups/[id]/route";
import * as groups from "@/app/api/v1/groups/route";
import * as me from "@/app/api/v1/me/route";
import * as tokenRoute from "@/app/api/v1/me/tokens/[id]/route";
import * as tokens from "@/app/api/v1/me/tokens/route";
import * as openapi from "@/app/api/v1/openapi.json/route";
import * as deactivate from "@/app/api/v1/users/[id]/deactivate/route";
import * as user from "@/app/api/v1/users/[id]/route";
import * as users from "@/app/api/v1/users/route";
import { call, makeOrg, setupTestDatabase } from "./harness";

const t = setupTestDatabase();

describe("admin API input and errors", () => {
  it("names every invalid field with 422 and stores nothing", async () => {
    const org = await makeOrg();
    const before = await t.db.prisma.user.count();
    const r = await call(users.POST, "POST", "/api/v1/users", {
      token: org.users.admin.token,
      body: { email: "not-an-email", name: "", role: "superuser" },
    });
    expect(r.status).toBe(422);
    expect(r.json.error.code).toBe("validation");
    expect(r.json.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(["email", "name", "role"]);
    expect(await t.db.prisma.user.count()).toBe(before);
  });

  it("answers malformed JSON with a 422 that says so, without a stack trace", async () => {
    const org = await makeOrg();
    const r = await call(groups.POST, "POST", "/api/v1/groups", { token: org.users.admin.token, rawBody: '{"name": ' });
    expect(r.status).toBe(422);
    expect(r.json.error.message).toMatch(/Malformed JSON/);
    expect(JSON.stringify(r.json)).not.toMatch(/at .*\.ts:\d+|prisma|SELECT/i);
  });

  it("refuses a body nested past the shared limit with a 422 naming the field, before validating it", async () => {
    const org = await makeOrg();
    const before = await t.db.prisma.group.count();
    const deep = `${"[".repeat(1500)}${"]".repeat(1500)}`;
    const r = await call(groups.POST, "POST", "/api/v1/groups", {
      token: org.users.admin.token,
      rawBody: `{"name":"Deep","description":{"x":${deep}}}`,
    });
    expect(r.status).toBe(422);
    expect(r.json.error.fields).toEqual([
      { path: expect.stringMatching(/^description\.x\.0\.0/), message: "nests deeper than 64 levels" },
    ]);
    expect(await t.db.prisma.group.count()).toBe(before);
    // Over the size limit: 413, whatever the declared length says.
    const big = await call(groups.POST, "POST", "/api/v1/groups", {
      token: org.users.admin.token,
      rawBody: JSON.stringify({ name: "Big", description: "x".repeat(1024 * 1024) }),
    });
    expect(big.status).toBe(413);
  });

  it("gives a clear 409 for a duplicate email, naming the field", async () => {
    const org = await makeOrg();
    const r = await call(users.POST, "POST", "/api/v1/users", {
      token: org.users.admin.token,
      body: { email: org.users.viewer.email, name: "Dup", role: "viewer" },
    });
    expect(r.status).toBe(409);
    expect(r.json.error.message).toContain(org.users.viewer.email);
    expect(r.json.error.fields[0].path).toBe("email");
  });

  it("gives 409 for a duplicate group name", async () => {
    const org = await makeOrg();
    await call(groups.POST, "POST", "/api/v1/groups", { token: org.users.admin.token, body: { name: "Ops" } });
    const r = await call(groups.POST, "POST", "/api/v1/groups", {
      token: org.users.admin.token,
      body: { name: "Ops" },
    });
    expect(r.status).toBe(409);
    expect(r.json.error.message).toMatch(/already exists/);
  });

  it("answers 404 for unknown ids and for another org's ids alike", async () => {
    const a = await makeOrg("a");
    const b = await makeOrg("b");
    const unknown = await call(user.GET, "GET", "/api/v1/users/x", {
      token: a.users.admin.token,
      params: { id: "00000000-0000-4000-8000-000000000000" },
    });
    const foreign = await call(user.GET, "GET", "/api/v1/users/x", {
      token: a.users.admin.token,
      params: { id: b.users.viewer.id },
    });
    expect(unknown.status).toBe(404);
    expect(foreign.status).toBe(404);
    expect(foreign.json.error.message).toBe(unknown.json.error.message);
    const patch = await call(user.PATCH, "PATCH", "/api/v1/users/x", {
      token: a.users.owner.token,
      params: { id: b.users.viewer.id },
      body: { name: "hijacked" },
    });
    expect(patch.status).toBe(404);
    expect((await t.db.prisma.user.findUniqueOrThrow({ where: { id: b.users.viewer.id } })).name).toBe("viewer");
  });

  it("lists only the caller's org, with search and paging", async () => {
    const a = await makeOrg("a");
    await makeOrg("b");
    const all = await call(users.GET, "GET", "/api/v1/users?pageSize=2&page=1", { token: a.users.viewer.token });
    expect(all.status).toBe(200);
    expect(all.json.total).toBe(6);
    expect(all.json.items).toHaveLength(2);
    const found = await call(users.GET, "GET", "/api/v1/users?q=AUDITOR", { token: a.users.viewer.token });
    expect(found.json.items.map((u: { email: string }) => u.email)).toEqual([a.users.auditor.email]);
    expect(JSON.stringify(all.json)).not.toMatch(/passwordHash|totpSecret|recoveryCodes/);
  });

  it("refuses requests without credentials or with a bad token", async () => {
    const none = await call(users.GET, "GET", "/api/v1/users");
    expect(none.status).toBe(401);
    const bad = await call(users.GET, "GET", "/api/v1/users", { token: "lnx_pat_nope" });
    expect(bad.status).toBe(401);
  });
});

describe("users and groups lifecycle", () => {
  it("creates a user with a one-time invitation link and audits it with before/after", async () => {
    const org = await makeOrg();
    const r = await call(users.POST, "POST", "/api/v1/users", {
      token: org.users.admin.token,
      body: { email: "New.Person@Example.test", name: "New Person", role: "helpdesk" },
    });
    expect(r.status).toBe(201);
    expect(r.json.user.email).toBe("new.person@example.test");
    expect(r.json.user.invitePending).toBe(true);
    expect(r.json.inviteUrl).toMatch(/\/invite\?token=lnxi_/);
    const ev = await t.db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: org.orgId, action: "user.create" } });
    expect(ev.actorLabel).toBe(org.users.admin.email);
    expect(ev.ip).toBe("203.0.113.7");
    expect(ev.userAgent).toBe("vitest");
    expect(ev.after).toMatchObject({ email: "new.person@example.test", role: "helpdesk" });
  });

  it("stops an admin from granting a role at or above their own", async () => {
    const org = await makeOrg();
    const r = await call(user.PATCH, "PATCH", "/api/v1/users/x", {
      token: org.users.admin.token,
      params: { id: org.users.viewer.id },
      body: { role: "owner" },
    });
    expect(r.status).toBe(403);
    expect((await t.db.prisma.user.findUniqueOrThrow({ where: { id: org.users.viewer.id } })).role).toBe("viewer");
  });

  it("records a role change with before and after values", async () => {
    const org = await makeOrg();
    const r = await call(user.PATCH, "PATCH", "/api/v1/users/x", {
      token: org.users.owner.token,
      params: { id: org.users.viewer.id },
      body: { role: "auditor" },
    });
    expect(r.status).toBe(200);
    const ev = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { orgId: org.orgId, action: "user.role.change" },
    });
    expect(ev.before).toEqual({ role: "viewer" });
    expect(ev.after).toEqual({ role: "auditor" });
  });

  it("adds and lists group members, and the API token of a demoted user loses its powers at once", async () => {
    const org = await makeOrg();
    const g = await call(groups.POST, "POST", "/api/v1/groups", {
      token: org.users.admin.token,
      body: { name: "Builders" },
    });
    const add = await call(groupMembers.POST, "POST", "/x", {
      token: org.users.helpdesk.token,
      params: { id: g.json.id },
      body: { userId: org.users.viewer.id },
    });
    expect(add.status).toBe(201);
    const list = await call(groupMembers.GET, "GET", "/x", {
      token: org.users.viewer.token,
      params: { id: g.json.id },
    });
    expect(list.json.items.map((u: { email: string }) => u.email)).toEqual([org.users.viewer.email]);
    await call(user.PATCH, "PATCH", "/x", {
      token: org.users.owner.token,
      params: { id: org.users.helpdesk.id },
      body: { role: "viewer" },
    });
    const again = await call(groupMembers.POST, "POST", "/x", {
      token: org.users.helpdesk.token,
      params: { id: g.json.id },
      body: { userId: org.users.auditor.id },
    });
    expect(again.status).toBe(403);
  });

  it("deactivation ends the user's sessions and disables their tokens; the last owner cannot be removed", async () => {
    const org = await makeOrg();
    const { resolveSession } = await import("@/server/auth/session");
    const s = await t.db.prisma.session.create({
      data: { orgId: org.orgId, userId: org.users.auditor.id, expiresAt: new Date(Date.now() + 3600_000) },
    });
    expect(await resolveSession(s.id)).not.toBeNull();
    const r = await call(deactivate.POST, "POST", "/x", {
      token: org.users.admin.token,
      params: { id: org.users.auditor.id },
    });
    expect(r.status).toBe(200);
    expect(r.json.status).toBe("deactivated");
    expect(await resolveSession(s.id)).toBeNull();
    const tokenUse = await call(me.GET, "GET", "/api/v1/me", { token: org.users.auditor.token });
    expect(tokenUse.status).toBe(401);
    const ev = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { orgId: org.orgId, action: "user.deactivate" },
    });
    expect(ev.data).toEqual({ sessionsEnded: 1, tokensRevoked: 1 });
    const selfRemoval = await call(deactivate.POST, "POST", "/x", {
      token: org.users.owner.token,
      params: { id: org.users.owner.id },
    });
    expect(selfRemoval.status).toBe(403);
  });
});

describe("API tokens", () => {
  it("is shown once, stored hashed, revocable, and expires", async () => {
    const org = await makeOrg();
    const created = await call(tokens.POST, "POST", "/api/v1/me/tokens", {
      token: org.users.auditor.token,
      body: { name: "terraform", expiresInDays: 30 },
    });
    expect(created.status).toBe(201);
    const secret: string = created.json.token;
    expect(secret).toMatch(/^lnx_pat_/);
    const stored = await t.db.prisma.apiToken.findUniqueOrThrow({ where: { id: created.json.id } });
    expect(JSON.stringify(stored)).not.toContain(secret);
    const list = await call(tokens.GET, "GET", "/api/v1/me/tokens", { token: secret });
    expect(JSON.stringify(list.json)).not.toContain(secret);
    expect((await call(auditEvents.GET, "GET", "/api/v1/audit-events", { token: secret })).status).toBe(200);
    await call(tokenRoute.DELETE, "DELETE", "/x", { token: org.users.auditor.token, params: { id: created.json.id } });
    expect((await call(me.GET, "GET", "/api/v1/me", { token: secret })).status).toBe(401);
    await t.db.prisma.apiToken.updateMany({
      where: { userId: org.users.viewer.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await call(me.GET, "GET", "/api/v1/me", { token: org.users.viewer.token })).status).toBe(401);
  });
});

describe("audit trail", () => {
  it("lists newest first with a stable keyset cursor, and the server chain verifies", async () => {
    const org = await makeOrg();
    for (let i = 0; i < 7; i++) {
      await call(groups.POST, "POST", "/api/v1/groups", { token: org.users.admin.token, body: { name: `G${i}` } });
    }
    const p1 = await call(auditEvents.GET, "GET", "/api/v1/audit-events?limit=4&action=group.create", {
      token: org.users.auditor.token,
    });
    expect(p1.json.items.map((e: { after: { name: string } }) => e.after.name)).toEqual(["G6", "G5", "G4", "G3"]);
    await call(groups.POST, "POST", "/api/v1/groups", { token: org.users.admin.token, body: { name: "G7" } });
    const p2 = await call(
      auditEvents.GET,
      "GET",
      `/api/v1/audit-events?limit=4&action=group.create&cursor=${p1.json.nextCursor}`,
      {
        token: org.users.auditor.token,
      },
    );
    expect(p2.json.items.map((e: { after: { name: string } }) => e.after.name)).toEqual(["G2", "G1", "G0"]);
    expect(p2.json.nextCursor).toBeNull();
    const rows = await t.db.prisma.auditEvent.findMany({ where: { orgId: org.orgId }, orderBy: { serverSeq: "asc" } });
    const mapped = rows.map((r) => ({ ...r, hash: r.hash ?? "", serverSeq: r.serverSeq }));
    expect(verifyServerChain(mapped).ok).toBe(true);
    await t.db.prisma.$executeRaw`UPDATE "AuditEvent" SET "hash" = repeat('a', 64) WHERE id = ${rows[3]!.id}::uuid`;
    const tampered = await t.db.prisma.auditEvent.findMany({
      where: { orgId: org.orgId },
      orderBy: { serverSeq: "asc" },
    });
    const res = verifyServerChain(tampered.map((r) => ({ ...r, hash: r.hash ?? "" })));
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.id).toBe(rows[3]!.id);
  });
});

describe("OpenAPI", () => {
  it("documents every core endpoint with its request schema", async () => {
    const r = await openapi.GET();
    const doc = await r.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/v1/users", "/api/v1/groups/{id}/members", "/api/v1/audit-events"]),
    );
    expect(
      doc.paths["/api/v1/users"].post.requestBody.content["application/json"].schema.properties.email,
    ).toBeDefined();
  });
});

describe("deleting a group", () => {
  it("removes its policy assignments and makes devices recompile their policy", async () => {
    const org = await makeOrg();
    const g = await call(groups.POST, "POST", "/api/v1/groups", {
      token: org.users.admin.token,
      body: { name: "Kiosks" },
    });
    const policy = await t.db.prisma.policy.create({ data: { orgId: org.orgId, name: "kiosk" } });
    await t.db.prisma.policyAssignment.create({
      data: { orgId: org.orgId, policyId: policy.id, scope: "group", groupId: g.json.id },
    });
    const before = await t.db.prisma.org.findUniqueOrThrow({ where: { id: org.orgId } });
    const del = await call(groupRoute.DELETE, "DELETE", "/x", {
      token: org.users.admin.token,
      params: { id: g.json.id },
    });
    expect(del.status).toBe(204);
    expect(await t.db.prisma.policyAssignment.count({ where: { policyId: policy.id } })).toBe(0);
    const after = await t.db.prisma.org.findUniqueOrThrow({ where: { id: org.orgId } });
    expect(after.policyGeneration).toBe(before.policyGeneration + 1);
    const ev = await t.db.prisma.auditEvent.findFirstOrThrow({ where: { orgId: org.orgId, action: "group.delete" } });
    expect(ev.before).toMatchObject({ name: "Kiosks", policyAssignments: 1 });
  });
});
