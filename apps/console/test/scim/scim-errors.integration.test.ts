import { describe, expect, it } from "vitest";
import * as scimSettings from "@/app/api/v1/scim/route";
import * as scimToken from "@/app/api/v1/scim/token/route";
import * as resourceTypes from "@/app/scim/v2/ResourceTypes/route";
import * as schemas from "@/app/scim/v2/Schemas/route";
import * as spc from "@/app/scim/v2/ServiceProviderConfig/route";
import { resetEnvForTests } from "@/server/env";
import { call, setupTestDatabase } from "../harness";
import { oktaCreateGroup, oktaCreateUser, oktaSetActive, PATCH_OP } from "./fixtures";
import { makeScimOrg, scim } from "./scim-harness";

const t = setupTestDatabase();
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

describe("SCIM errors", () => {
  it("uniqueness: a taken userName, and an email of an account SCIM did not provision (recorded)", async () => {
    const o = await makeScimOrg();
    expect((await scim(o, "POST", "/Users", { body: oktaCreateUser("dup@okta.local") })).status).toBe(201);
    const dup = await scim(o, "POST", "/Users", { body: oktaCreateUser("DUP@okta.local") });
    expect(dup.status).toBe(409);
    expect(dup.json).toMatchObject({ schemas: [ERROR], status: "409", scimType: "uniqueness" });
    const takeover = await scim(o, "POST", "/Users", {
      body: { ...oktaCreateUser("admin-alias"), emails: [{ value: o.users.admin.email, primary: true }] },
    });
    expect(takeover.status).toBe(409);
    expect(takeover.json.detail).toMatch(/not taken over/);
    const admin = await t.db.prisma.user.findUniqueOrThrow({ where: { id: o.users.admin.id } });
    expect(admin).toMatchObject({ role: "admin", status: "active" });
    const ev = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { orgId: o.orgId, action: "user.provision", outcome: "failure" },
    });
    expect(ev.data).toMatchObject({ via: "scim" });
    // An email of another organisation's account answers like a new one and takes nothing over.
    const other = await makeScimOrg();
    const foreign = await scim(o, "POST", "/Users", {
      body: { ...oktaCreateUser("foreign-alias"), emails: [{ value: other.users.viewer.email, primary: true }] },
    });
    expect(foreign.status).toBe(201);
    expect(foreign.json.emails[0].value).toBe(other.users.viewer.email);
    const held = await t.db.prisma.user.findUniqueOrThrow({ where: { id: foreign.json.id } });
    expect(held).toMatchObject({ orgId: o.orgId, heldEmail: other.users.viewer.email, status: "deactivated" });
    expect(await t.db.prisma.userIdentity.count({ where: { userId: held.id } })).toBe(0);
    const theirs = await t.db.prisma.user.findUniqueOrThrow({ where: { id: other.users.viewer.id } });
    expect(theirs).toMatchObject({ orgId: other.orgId, email: other.users.viewer.email, status: "active" });
    const g = await scim(o, "POST", "/Groups", { body: oktaCreateGroup("Same") });
    expect(g.status).toBe(201);
    expect((await scim(o, "POST", "/Groups", { body: oktaCreateGroup("Same") })).json.scimType).toBe("uniqueness");
  });

  it("invalidFilter, invalidValue, invalidSyntax, noTarget, invalidPath", async () => {
    const o = await makeScimOrg();
    const bad = await scim(o, "GET", `/Users?filter=${encodeURIComponent('password eq "x"')}`);
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ scimType: "invalidFilter", detail: expect.stringMatching(/password/) });
    expect((await scim(o, "GET", `/Users?filter=${encodeURIComponent("userName eq")}`)).json.scimType).toBe(
      "invalidFilter",
    );
    const noUserName = await scim(o, "POST", "/Users", { body: { schemas: [], emails: [] } });
    expect(noUserName.json).toMatchObject({ status: "400", scimType: "invalidValue" });
    expect(noUserName.json.detail).toMatch(/userName/);
    const notJson = await scim(o, "POST", "/Users", { rawBody: "{not json" });
    expect(notJson.json).toMatchObject({ status: "400", scimType: "invalidSyntax" });
    const created = await scim(o, "POST", "/Users", { body: oktaCreateUser("x@okta.local") });
    const id = created.json.id;
    const badBool = await scim(o, "PATCH", `/Users/${id}`, {
      body: { schemas: [PATCH_OP], Operations: [{ op: "Replace", path: "active", value: "maybe" }] },
    });
    expect(badBool.json).toMatchObject({ status: "400", scimType: "invalidValue" });
    expect(badBool.json.detail).toMatch(/active/);
    const noTarget = await scim(o, "PATCH", `/Users/${id}`, {
      body: {
        schemas: [PATCH_OP],
        Operations: [{ op: "replace", path: 'emails[type eq "home"]', value: { value: "a@b.c" } }],
      },
    });
    expect(noTarget.json.scimType).toBe("noTarget");
    const proto = await scim(o, "PATCH", `/Users/${id}`, {
      body: { schemas: [PATCH_OP], Operations: [{ op: "add", path: "__proto__.polluted", value: "yes" }] },
    });
    expect(proto.json.scimType).toBe("invalidPath");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const unknown = await scim(o, "PATCH", `/Users/${id}`, {
      body: { schemas: [PATCH_OP], Operations: [{ op: "add", path: "salary", value: 1 }] },
    });
    expect(unknown.json.scimType).toBe("invalidPath");
    const deep = await scim(o, "POST", "/Users", { rawBody: `${'{"a":'.repeat(40)}1${"}".repeat(40)}` });
    expect(deep.json).toMatchObject({ status: "400", scimType: "invalidSyntax" });
    const big = await scim(o, "POST", "/Users", {
      rawBody: JSON.stringify({ userName: "x".repeat(1024 * 1024 + 10) }),
    });
    expect(big.status).toBe(413);
    expect(big.json.schemas).toEqual([ERROR]);
    // Nothing of the user changed through the refusals.
    const after = await scim(o, "GET", `/Users/${id}`);
    expect(after.json.meta.version).toBe(created.json.meta.version);
  });

  it("ETags: If-Match with the current version applies, a stale one is 412", async () => {
    const o = await makeScimOrg();
    const created = await scim(o, "POST", "/Users", { body: oktaCreateUser("etag@okta.local") });
    const id = created.json.id;
    const v1 = created.json.meta.version;
    const ok = await scim(o, "PATCH", `/Users/${id}`, { body: oktaSetActive(false), headers: { "if-match": v1 } });
    expect(ok.status).toBe(200);
    expect(ok.json.meta.version).not.toBe(v1);
    const stale = await scim(o, "PUT", `/Users/${id}`, {
      body: { ...oktaCreateUser("etag@okta.local"), displayName: "Lost update" },
      headers: { "if-match": v1 },
    });
    expect(stale.status).toBe(412);
    expect(stale.json.schemas).toEqual([ERROR]);
    expect((await scim(o, "GET", `/Users/${id}`)).json.displayName).toBe("Test User");
    expect((await scim(o, "DELETE", `/Users/${id}`, { headers: { "if-match": v1 } })).status).toBe(412);
  });

  it("never changes an Owner: refused with 403 and recorded", async () => {
    const o = await makeScimOrg();
    const created = await scim(o, "POST", "/Users", { body: oktaCreateUser("promoted@okta.local") });
    const id = created.json.id;
    await t.db.prisma.user.update({ where: { id }, data: { role: "owner" } });
    const patch = await scim(o, "PATCH", `/Users/${id}`, { body: oktaSetActive(false) });
    expect(patch.status).toBe(403);
    expect(patch.json.detail).toMatch(/Owner/);
    expect((await scim(o, "DELETE", `/Users/${id}`)).status).toBe(403);
    const g = await scim(o, "POST", "/Groups", {
      body: { ...oktaCreateGroup("Console Auditors"), members: [{ value: id }] },
    });
    expect(g.status).toBe(403);
    expect(await t.db.prisma.user.findUniqueOrThrow({ where: { id } })).toMatchObject({
      role: "owner",
      status: "active",
    });
    const denied = await t.db.prisma.auditEvent.count({ where: { orgId: o.orgId, outcome: "denied", targetId: id } });
    expect(denied).toBe(3);
    const ownerRole = await scim(o, "POST", "/Users", {
      body: { ...oktaCreateUser("boss@okta.local"), roles: [{ value: "owner", primary: true }] },
    });
    expect(ownerRole.status).toBe(403);
    expect(await t.db.prisma.user.findUnique({ where: { email: "boss@okta.local" } })).toBeNull();
  });

  it("the token: rotation stops the old one at once, revocation stops all, audited; wrong token 401", async () => {
    const o = await makeScimOrg();
    expect((await scim(o, "GET", "/Users")).status).toBe(200);
    const owner = o.users.owner.token;
    const settings = await call(scimSettings.GET, "GET", "/api/v1/scim", { token: owner });
    expect(settings.json).toMatchObject({
      endpoint: "http://console.test/scim/v2",
      token: { prefix: o.scimToken.slice(0, 16) },
    });
    expect(settings.json.token.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(settings.json)).not.toContain(o.scimToken);
    const rotated = await call(scimToken.POST, "POST", "/api/v1/scim/token", { token: o.users.admin.token });
    expect(rotated.status).toBe(201);
    const old = await scim(o, "GET", "/Users");
    expect(old.status).toBe(401);
    expect(old.json.schemas).toEqual([ERROR]);
    expect((await scim({ scimToken: rotated.json.token }, "GET", "/Users")).status).toBe(200);
    expect((await call(scimToken.DELETE, "DELETE", "/api/v1/scim/token", { token: owner })).status).toBe(204);
    expect((await scim({ scimToken: rotated.json.token }, "GET", "/Users")).status).toBe(401);
    const actions = (
      await t.db.prisma.auditEvent.findMany({
        where: { orgId: o.orgId, action: { startsWith: "scim.token" } },
        orderBy: { serverSeq: "asc" },
      })
    ).map((e) => e.action);
    expect(actions).toEqual(["scim.token.create", "scim.token.rotate", "scim.token.revoke"]);
    // Helpdesk may not; an Admin may not relink SCIM to another IdP (Owner's linking rule).
    expect((await call(scimToken.POST, "POST", "/api/v1/scim/token", { token: o.users.helpdesk.token })).status).toBe(
      403,
    );
    const relink = await call(scimSettings.PUT, "PUT", "/api/v1/scim", {
      token: o.users.admin.token,
      body: { idpId: o.idpId },
    });
    expect(relink.status).toBe(403);
  });

  it("discovery documents and the per-token rate limit", async () => {
    const o = await makeScimOrg();
    const c = await call(spc.GET, "GET", "/scim/v2/ServiceProviderConfig", { token: o.scimToken });
    expect(c.json).toMatchObject({
      patch: { supported: true },
      filter: { supported: true },
      etag: { supported: true },
      bulk: { supported: false },
    });
    const rt = await call(resourceTypes.GET, "GET", "/scim/v2/ResourceTypes", { token: o.scimToken });
    expect(rt.json.Resources.map((r: { id: string }) => r.id)).toEqual(["User", "Group"]);
    const s = await call(schemas.GET, "GET", "/scim/v2/Schemas", { token: o.scimToken });
    expect(s.json.Resources.map((r: { id: string }) => r.id)).toEqual([
      "urn:ietf:params:scim:schemas:core:2.0:User",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
      "urn:ietf:params:scim:schemas:core:2.0:Group",
    ]);
    process.env.SCIM_RATE_LIMIT_PER_MINUTE = "10";
    resetEnvForTests();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await scim(o, "GET", "/Users")).status);
      expect(statuses.filter((x) => x === 429).length).toBeGreaterThanOrEqual(2);
      const limited = await scim(o, "GET", "/Users");
      expect(limited.json).toMatchObject({ schemas: [ERROR], status: "429" });
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      delete process.env.SCIM_RATE_LIMIT_PER_MINUTE;
      resetEnvForTests();
    }
  });

  it("paging with startIndex and count", async () => {
    const o = await makeScimOrg();
    for (let i = 0; i < 5; i++) await scim(o, "POST", "/Users", { body: oktaCreateUser(`p${i}@okta.local`) });
    const page = await scim(o, "GET", "/Users?startIndex=2&count=2");
    expect(page.json).toMatchObject({ totalResults: 5, startIndex: 2, itemsPerPage: 2 });
    expect(page.json.Resources.map((r: { userName: string }) => r.userName)).toEqual([
      "p1@okta.local",
      "p2@okta.local",
    ]);
    expect((await scim(o, "GET", "/Users?count=0")).json).toMatchObject({ totalResults: 5, Resources: [] });
  });
});
