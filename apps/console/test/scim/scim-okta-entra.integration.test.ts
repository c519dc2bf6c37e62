import { describe, expect, it } from "vitest";
import * as me from "@/app/api/v1/me/route";
import { signInWithSso } from "@/server/sso/sign-in-with-sso";
import { call, setupTestDatabase } from "../harness";
import {
  ENTERPRISE,
  entraCreateGroup,
  entraCreateUser,
  entraDisable,
  entraMembers,
  entraPatchWithoutPath,
  entraUpdateUser,
  oktaAddMembers,
  oktaCreateGroup,
  oktaCreateUser,
  oktaRemoveMember,
  oktaSetActive,
} from "./fixtures";
import { keyed, makeScimOrg, type ScimOrg, scim, sessionCookie } from "./scim-harness";

const t = setupTestDatabase();
const meta = { ip: "203.0.113.7", userAgent: "vitest", requestId: "scim-test-req" };

/** Signs the SCIM user in through the org's IdP (the assertion's NameID is the SCIM userName). */
async function signIn(o: ScimOrg, subject: string, email: string) {
  const idp = await t.db.prisma.identityProvider.findUniqueOrThrow({ where: { id: o.idpId } });
  return signInWithSso(idp, { externalId: subject, email, name: "Test User", groups: [], emailVerified: true }, meta);
}

async function credentialsOf(o: ScimOrg, userId: string, subject: string, email: string) {
  const { sessionId } = await signIn(o, subject, email);
  const cookie = await sessionCookie(sessionId);
  const { hashToken, newToken } = await import("@luminous/crypto");
  const token = newToken("lnx_pat");
  await t.db.prisma.apiToken.create({
    data: { orgId: o.orgId, userId, name: "cli", tokenHash: hashToken(token), prefix: token.slice(0, 14) },
  });
  const bySession = () => call(me.GET, "GET", "/api/v1/me", { headers: { cookie } });
  const byToken = () => call(me.GET, "GET", "/api/v1/me", { token });
  return { bySession, byToken };
}

describe("Okta's provisioning flow", () => {
  it("looks up, creates, groups, deactivates and reactivates a user", async () => {
    const o = await makeScimOrg();
    const userName = "test.user@okta.local";
    const lookup = await scim(
      o,
      "GET",
      `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&startIndex=1&count=100`,
    );
    expect(lookup.status).toBe(200);
    expect(lookup.headers.get("content-type")).toBe("application/scim+json");
    expect(lookup.json).toMatchObject({ totalResults: 0, Resources: [] });

    const created = await scim(o, "POST", "/Users", { body: oktaCreateUser(userName) });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const id: string = created.json.id;
    expect(created.json).toMatchObject({ userName, active: true, name: { givenName: "Test", familyName: "User" } });
    expect(created.json.password).toBeUndefined();
    expect(created.headers.get("etag")).toBe(created.json.meta.version);
    expect(created.headers.get("location")).toBe(`http://console.test/scim/v2/Users/${id}`);
    const account = await t.db.prisma.user.findUniqueOrThrow({ where: { id } });
    expect(account).toMatchObject({
      email: userName,
      name: "Test User",
      role: "viewer",
      status: "active",
      source: "saml",
    });

    const found = await scim(o, "GET", `/Users?filter=${encodeURIComponent(`userName eq "TEST.USER@okta.local"`)}`);
    expect(found.json.totalResults).toBe(1);
    expect(found.json.Resources[0].id).toBe(id);

    const group = await scim(o, "POST", "/Groups", { body: oktaCreateGroup("Console Admins") });
    expect(group.status).toBe(201);
    const add = await scim(o, "PATCH", `/Groups/${group.json.id}`, {
      body: oktaAddMembers([{ value: id, display: userName }]),
    });
    expect(add.status, JSON.stringify(add.json)).toBe(200);
    expect(add.json.members).toEqual([expect.objectContaining({ value: id })]);
    expect((await t.db.prisma.user.findUniqueOrThrow({ where: { id } })).role).toBe("admin");

    const { bySession, byToken } = await credentialsOf(o, id, userName, userName);
    expect((await bySession()).status).toBe(200);
    expect((await byToken()).status).toBe(200);

    const off = await scim(o, "PATCH", `/Users/${id}`, { body: oktaSetActive(false) });
    expect(off.status, JSON.stringify(off.json)).toBe(200);
    expect(off.json.active).toBe(false);
    expect((await bySession()).status).toBe(401);
    expect((await byToken()).status).toBe(401);
    const ev = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { orgId: o.orgId, action: "user.deactivate", targetId: id },
    });
    expect(ev.data).toMatchObject({ via: "scim", reason: "active_false", sessionsEnded: 1, tokensRevoked: 1 });

    const on = await scim(o, "PATCH", `/Users/${id}`, { body: oktaSetActive(true) });
    expect(on.json.active).toBe(true);
    expect((await t.db.prisma.user.findUniqueOrThrow({ where: { id } })).status).toBe("active");

    const removed = await scim(o, "PATCH", `/Groups/${group.json.id}`, { body: oktaRemoveMember(id) });
    expect(removed.status).toBe(200);
    expect(removed.json.members).toEqual([]);
    expect((await t.db.prisma.user.findUniqueOrThrow({ where: { id } })).role).toBe("viewer");
  });
});

describe("Entra ID's provisioning flow", () => {
  it("creates with the enterprise extension, patches with and without path, disables with 'False', deletes", async () => {
    const o = await makeScimOrg();
    const userName = "Test_User_dfeef4c5@contoso.com";
    const q = await scim(o, "GET", `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
    expect(q.json.totalResults).toBe(0);
    const created = await scim(o, "POST", "/Users", { body: entraCreateUser(userName, "Test_User_dfeef4c5") });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const id: string = created.json.id;
    expect(created.json[ENTERPRISE]).toMatchObject({ department: "Engineering" });
    expect(created.json.schemas).toContain(ENTERPRISE);
    const row = await t.db.prisma.scimUser.findUniqueOrThrow({ where: { userId: id } });
    expect(row).toMatchObject({ department: "Engineering", managerId: "ed1d9b68-7b76-4c72-9f1f-6f29f7a2bc9c" });

    const byExternal = await scim(
      o,
      "GET",
      `/Users?filter=${encodeURIComponent('externalId eq "Test_User_dfeef4c5"')}`,
    );
    expect(byExternal.json.Resources.map((r: { id: string }) => r.id)).toEqual([id]);

    const upd = await scim(o, "PATCH", `/Users/${id}`, { body: entraUpdateUser("ryan.leenay@contoso.com") });
    expect(upd.status, JSON.stringify(upd.json)).toBe(200);
    expect(upd.json).toMatchObject({ displayName: "Ryan Leenay", name: { familyName: "Leenay" } });
    expect(upd.json.emails).toEqual([expect.objectContaining({ type: "work", value: "ryan.leenay@contoso.com" })]);
    const account = await t.db.prisma.user.findUniqueOrThrow({ where: { id } });
    expect(account).toMatchObject({ email: "ryan.leenay@contoso.com", name: "Ryan Leenay" });

    const noPath = await scim(o, "PATCH", `/Users/${id}`, { body: entraPatchWithoutPath });
    expect(noPath.status, JSON.stringify(noPath.json)).toBe(200);
    expect(noPath.json).toMatchObject({
      nickName: "ryanl",
      name: { givenName: "Ryan" },
      [ENTERPRISE]: { department: "Sales" },
    });
    expect((await t.db.prisma.scimUser.findUniqueOrThrow({ where: { userId: id } })).department).toBe("Sales");

    const g = await scim(o, "POST", "/Groups", {
      body: entraCreateGroup("Console Auditors", "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159"),
    });
    expect(g.status).toBe(201);
    const gid: string = g.json.id;
    expect((await scim(o, "PATCH", `/Groups/${gid}`, { body: entraMembers("Add", [id]) })).status).toBe(200);
    expect((await t.db.prisma.user.findUniqueOrThrow({ where: { id } })).role).toBe("auditor");
    const gq = await scim(
      o,
      "GET",
      `/Groups?filter=${encodeURIComponent('displayName eq "Console Auditors"')}&excludedAttributes=members`,
    );
    expect(gq.json.totalResults).toBe(1);
    expect(gq.json.Resources[0].members).toBeUndefined();
    const member = await scim(o, "GET", `/Groups?filter=${encodeURIComponent(`members[value eq "${id}"]`)}`);
    expect(member.json.Resources.map((r: { id: string }) => r.id)).toEqual([gid]);
    expect((await scim(o, "PATCH", `/Groups/${gid}`, { body: entraMembers("Remove", [id]) })).json.members).toEqual([]);

    const off = await scim(o, "PATCH", `/Users/${id}`, { body: entraDisable });
    expect(off.status).toBe(200);
    expect(off.json.active).toBe(false);
    expect((await t.db.prisma.user.findUniqueOrThrow({ where: { id } })).status).toBe("deactivated");

    expect((await scim(o, "DELETE", `/Users/${id}`)).status).toBe(204);
    const gone = await scim(o, "GET", `/Users/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.json).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "404" });
    // The account stays (deactivated) for the audit trail; creating the userName again revives it.
    const again = await scim(o, "POST", "/Users", { body: entraCreateUser(userName, "Test_User_dfeef4c5") });
    expect(again.status).toBe(201);
    expect(again.json.id).toBe(id);
    expect((await t.db.prisma.user.findUniqueOrThrow({ where: { id } })).status).toBe("active");
  });
});

describe("access follows SCIM", () => {
  it("removal from the group that gave the role deactivates when the IdP's default is none; DELETE ends credentials", async () => {
    const o = await makeScimOrg("none");
    const userName = "leaver@okta.local";
    const created = await scim(o, "POST", "/Users", { body: oktaCreateUser(userName) });
    const id: string = created.json.id;
    expect((await t.db.prisma.user.findUniqueOrThrow({ where: { id } })).status).toBe("deactivated");
    const g = await scim(o, "POST", "/Groups", {
      body: { ...oktaCreateGroup("Console Admins"), members: [{ value: id }] },
    });
    expect(g.status).toBe(201);
    expect(await t.db.prisma.user.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "active",
      role: "admin",
    });
    const { bySession, byToken } = await credentialsOf(o, id, userName, userName);
    expect((await bySession()).status).toBe(200);
    await scim(o, "PATCH", `/Groups/${g.json.id}`, { body: oktaRemoveMember(id) });
    expect((await bySession()).status).toBe(401);
    expect((await byToken()).status).toBe(401);
    const ev = await t.db.prisma.auditEvent.findFirstOrThrow({ where: { action: "user.deactivate", targetId: id } });
    expect(ev.data).toMatchObject({ via: "scim", reason: "no_mapped_group" });

    const other = await scim(o, "POST", "/Users", { body: oktaCreateUser("deleted@okta.local") });
    await scim(o, "PATCH", `/Groups/${g.json.id}`, { body: oktaAddMembers([{ value: other.json.id, display: "d" }]) });
    const c2 = await credentialsOf(o, other.json.id, "deleted@okta.local", "deleted@okta.local");
    expect((await c2.byToken()).status).toBe(200);
    expect((await scim(o, "DELETE", `/Users/${other.json.id}`)).status).toBe(204);
    expect((await c2.bySession()).status).toBe(401);
    expect((await c2.byToken()).status).toBe(401);
  });

  it("a SCIM user signs in only through its IdP identity: another IdP cannot claim its email", async () => {
    const o = await makeScimOrg();
    const userName = "claimed@okta.local";
    const created = await scim(o, "POST", "/Users", { body: oktaCreateUser(userName) });
    const other = await t.db.prisma.identityProvider.create({
      data: {
        orgId: o.orgId,
        type: "oidc",
        name: "Other",
        ...keyed(`other-${created.json.id.slice(0, 6)}`),
        config: { linkByVerifiedEmail: true },
        configuredById: o.users.owner.id,
        configuredByRole: "owner",
      },
    });
    await expect(
      signInWithSso(
        other,
        { externalId: "attacker", email: userName, name: "x", groups: [], emailVerified: true },
        meta,
      ),
    ).rejects.toMatchObject({ reason: "account_not_linked" });
    // Its own IdP with another subject for the same email is refused too.
    const idp = await t.db.prisma.identityProvider.findUniqueOrThrow({ where: { id: o.idpId } });
    await expect(
      signInWithSso(
        idp,
        { externalId: "someone-else", email: userName, name: "x", groups: [], emailVerified: true },
        meta,
      ),
    ).rejects.toMatchObject({ reason: "account_not_linked" });
    const ok = await signIn(o, userName, userName);
    expect(ok.userId).toBe(created.json.id);
  });
});
