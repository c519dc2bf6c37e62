/**
 * The identity-provider admin API: who may use it, org isolation, secrets never returned, every
 * change audited, SSO enforcement with its break-glass owner, and the OpenAPI document.
 */
import { describe, expect, it } from "vitest";
import * as discoverRoute from "@/app/api/sso/discover/route";
import * as acsRoute from "@/app/api/sso/saml/[key]/acs/route";
import * as idpRoute from "@/app/api/v1/identity-providers/[id]/route";
import * as idpsRoute from "@/app/api/v1/identity-providers/route";
import * as settingsRoute from "@/app/api/v1/identity-providers/settings/route";
import * as openapiRoute from "@/app/api/v1/openapi.json/route";
import { SIGNIN_ERRORS, signInWithPassword } from "@/server/auth/sign-in-with-password";
import { createSamlIdp, keyPair } from "../../../../test-peers/saml/idp.mjs";
import { call, makeOrg, setupTestDatabase } from "../harness";
import { formRequest, uniq } from "./helpers";

const t = setupTestDatabase();
const idp = createSamlIdp({ entityId: "https://idp.api-test.example/metadata" });

const samlBody = (slug: string) => ({
  type: "saml",
  name: `SAML ${slug}`,
  slug,
  idpEntityId: idp.entityId,
  ssoUrl: "https://idp.api-test.example/sso",
  idpCert: keyPair("idp-a").cert,
  allowIdpInitiated: true,
});

const oidcBody = (slug: string, clientSecret = "first-client-secret") => ({
  type: "oidc",
  name: `OIDC ${slug}`,
  slug,
  issuer: "https://issuer.example",
  clientId: "console",
  clientSecret,
});

describe("identity providers admin API", () => {
  it("reading is for owners and admins, adding for owners only; every other role is refused and the refusal audited", async () => {
    const org = await makeOrg();
    for (const role of ["security_admin", "auditor", "helpdesk", "viewer"] as const) {
      const r = await call(idpsRoute.GET, "GET", "/api/v1/identity-providers", { token: org.users[role].token });
      expect(r.status, role).toBe(403);
    }
    expect(
      await t.db.prisma.auditEvent.count({ where: { orgId: org.orgId, action: "idp.manage", outcome: "denied" } }),
    ).toBe(4);
    for (const role of ["owner", "admin"] as const) {
      const r = await call(idpsRoute.GET, "GET", "/api/v1/identity-providers", { token: org.users[role].token });
      expect(r.status, role).toBe(200);
    }
    for (const [role, status] of [
      ["owner", 201],
      ["admin", 403],
    ] as const) {
      const r = await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
        token: org.users[role].token,
        body: samlBody(`s-${uniq()}`),
      });
      expect(r.status, role).toBe(status);
    }
  });

  it("names each invalid field, refuses reserved and duplicate short names", async () => {
    const org = await makeOrg();
    const bad = await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
      token: org.users.owner.token,
      body: { type: "saml", name: "", slug: "ldap" },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      "idpCert",
      "idpEntityId",
      "name",
      "slug",
      "ssoUrl",
    ]);
    const slug = `dup-${uniq()}`;
    expect(
      (
        await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
          token: org.users.owner.token,
          body: samlBody(slug),
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
          token: org.users.owner.token,
          body: samlBody(slug),
        })
      ).status,
    ).toBe(409);
    const badXml = await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
      token: org.users.owner.token,
      body: {
        ...samlBody(`x-${uniq()}`),
        metadataXml: "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>",
      },
    });
    expect(badXml.status).toBe(422);
    expect(badXml.json.error.fields[0].path).toBe("metadataXml");
  });

  it("keeps another org's providers invisible (404) and never returns a client secret", async () => {
    const a = await makeOrg();
    const b = await makeOrg();
    const created = await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
      token: a.users.owner.token,
      body: oidcBody(`o-${uniq()}`, "super-secret-value-1"),
    });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.json)).not.toContain("super-secret-value-1");
    const id = created.json.id;
    for (const [handler, method] of [
      [idpRoute.GET, "GET"],
      [idpRoute.DELETE, "DELETE"],
    ] as const) {
      expect(
        (
          await call(handler, method, `/api/v1/identity-providers/${id}`, {
            token: b.users.owner.token,
            params: { id },
          })
        ).status,
      ).toBe(404);
    }
    const list = await call(idpsRoute.GET, "GET", "/api/v1/identity-providers", { token: b.users.owner.token });
    expect(list.json.items).toEqual([]);
  });

  it("records every change (create, update with a new secret, disable, delete) without the secret, and tells every owner", async () => {
    const org = await makeOrg();
    const secondOwner = await t.db.prisma.user.create({
      data: { orgId: org.orgId, email: `owner2-${uniq()}@x.test`, name: "Owner 2", role: "owner" },
    });
    const slug = `o-${uniq()}`;
    const created = await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
      token: org.users.owner.token,
      body: oidcBody(slug),
    });
    const id = created.json.id;
    const keep = await call(idpRoute.PUT, "PUT", `/api/v1/identity-providers/${id}`, {
      token: org.users.owner.token,
      params: { id },
      body: { ...oidcBody(slug, ""), name: "Renamed" },
    });
    expect(keep.status).toBe(200);
    const before = await t.db.prisma.identityProvider.findUniqueOrThrow({ where: { id } });
    await call(idpRoute.PUT, "PUT", `/api/v1/identity-providers/${id}`, {
      token: org.users.owner.token,
      params: { id },
      body: { ...oidcBody(slug, "second-client-secret"), name: "Renamed" },
    });
    const after = await t.db.prisma.identityProvider.findUniqueOrThrow({ where: { id } });
    expect(after.secretEnc).not.toBe(before.secretEnc);
    expect(after).toMatchObject({ configuredById: org.users.owner.id, configuredByRole: "owner" });
    const disabled = await call(idpRoute.PATCH, "PATCH", `/api/v1/identity-providers/${id}`, {
      token: org.users.admin.token,
      params: { id },
      body: { enabled: false },
    });
    expect(disabled.status).toBe(200);
    await call(idpRoute.DELETE, "DELETE", `/api/v1/identity-providers/${id}`, {
      token: org.users.owner.token,
      params: { id },
    });
    const events = await t.db.prisma.auditEvent.findMany({
      where: { orgId: org.orgId, targetId: id },
      orderBy: { serverSeq: "asc" },
    });
    expect(events.map((e) => e.action)).toEqual([
      "idp.create",
      "idp.update",
      "idp.update",
      "idp.disable",
      "idp.delete",
    ]);
    expect(events[2]!.data).toMatchObject({ secretChanged: true });
    expect(events[1]!.before).toMatchObject({ name: `OIDC ${slug}` });
    expect(events[1]!.after).toMatchObject({ name: "Renamed" });
    const text = JSON.stringify(events, (_k, v) => (typeof v === "bigint" ? String(v) : v));
    expect(text).not.toContain("first-client-secret");
    expect(text).not.toContain("second-client-secret");
    for (const owner of [org.users.owner.id, secondOwner.id]) {
      const kinds = (
        await t.db.prisma.notice.findMany({ where: { userId: owner }, orderBy: { createdAt: "asc" } })
      ).map((n) => n.kind);
      expect(kinds).toEqual([
        "sso.idp.created",
        "sso.idp.updated",
        "sso.idp.updated",
        "sso.idp.disabled",
        "sso.idp.deleted",
      ]);
    }
    expect(await t.db.prisma.notice.count({ where: { userId: org.users.admin.id } })).toBe(0);
    const secretNotice = await t.db.prisma.notice.findFirstOrThrow({
      where: { userId: secondOwner.id, kind: "sso.idp.updated", body: { contains: "secret" } },
    });
    expect(secretNotice.body).not.toContain("second-client-secret");
  });

  it("only an Owner adds, changes or deletes an identity provider; an Admin's attempt is refused and recorded", async () => {
    const org = await makeOrg();
    const slug = `o-${uniq()}`;
    const denied = await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
      token: org.users.admin.token,
      body: oidcBody(slug),
    });
    expect(denied.status).toBe(403);
    const created = await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
      token: org.users.owner.token,
      body: oidcBody(slug),
    });
    const id = created.json.id;
    for (const [handler, method, body] of [
      [idpRoute.PUT, "PUT", { ...oidcBody(slug, ""), issuer: "https://evil.example" }],
      [idpRoute.DELETE, "DELETE", undefined],
    ] as const) {
      const r = await call(handler, method, `/api/v1/identity-providers/${id}`, {
        token: org.users.admin.token,
        params: { id },
        body,
      });
      expect(r.status, method).toBe(403);
    }
    const stored = await t.db.prisma.identityProvider.findUniqueOrThrow({ where: { id } });
    expect((stored.config as { issuer: string }).issuer).not.toBe("https://evil.example");
    expect(
      await t.db.prisma.auditEvent.count({
        where: { orgId: org.orgId, actorId: org.users.admin.id, action: "idp.configure", outcome: "denied" },
      }),
    ).toBe(3);
  });

  it("a disabled provider signs no one in", async () => {
    const org = await makeOrg();
    await t.db.prisma.org.update({ where: { id: org.orgId }, data: { domains: ["disabled-idp.test"] } });
    const slug = `d-${uniq()}`;
    const created = await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
      token: org.users.owner.token,
      body: samlBody(slug),
    });
    await call(idpRoute.PATCH, "PATCH", `/api/v1/identity-providers/${created.json.id}`, {
      token: org.users.owner.token,
      params: { id: created.json.id },
      body: { enabled: false },
    });
    const r = await idp.respond({ sp: created.json.sp, user: { email: "x@disabled-idp.test" } });
    const res = await acsRoute.POST(formRequest(`/api/sso/saml/${slug}/acs`, { SAMLResponse: r.samlResponse }), {
      params: Promise.resolve({ key: slug }),
    });
    expect(res.status).toBe(404);
    expect(await t.db.prisma.user.count({ where: { email: "x@disabled-idp.test" } })).toBe(0);
  });

  it("is described in the OpenAPI document", async () => {
    const r = await call(async () => openapiRoute.GET(), "GET", "/api/v1/openapi.json");
    expect(Object.keys(r.json.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/identity-providers",
        "/api/v1/identity-providers/{id}",
        "/api/v1/identity-providers/{id}/mappings",
        "/api/v1/identity-providers/{id}/test",
        "/api/v1/identity-providers/settings",
      ]),
    );
  });
});

describe("sign-in domains and SSO enforcement", () => {
  it("routes an email's domain to the org's enabled providers, and an unknown domain to passwords", async () => {
    const org = await makeOrg();
    const domain = `route-${uniq()}.test`;
    const put = await call(settingsRoute.PUT, "PUT", "/api/v1/identity-providers/settings", {
      token: org.users.owner.token,
      body: { domains: [domain.toUpperCase()], ssoEnforced: false, breakGlassUserId: null },
    });
    expect(put.status).toBe(200);
    expect(put.json.domains).toEqual([domain]);
    await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
      token: org.users.owner.token,
      body: samlBody(`r-${uniq()}`),
    });
    const found = await call(discoverRoute.POST, "POST", "/api/sso/discover", { body: { email: `someone@${domain}` } });
    expect(found.json.providers).toHaveLength(1);
    expect(found.json.providers[0]).toMatchObject({ type: "saml" });
    expect(found.json.providers[0].startUrl).toMatch(/^\/api\/sso\/saml\/r-/);
    const none = await call(discoverRoute.POST, "POST", "/api/sso/discover", {
      body: { email: "someone@unclaimed.test" },
    });
    expect(none.json).toEqual({ providers: [], password: true });
  });

  it("lets one org claim a domain, once", async () => {
    const a = await makeOrg();
    const b = await makeOrg();
    const domain = `claimed-${uniq()}.test`;
    await call(settingsRoute.PUT, "PUT", "/api/v1/identity-providers/settings", {
      token: a.users.owner.token,
      body: { domains: [domain], ssoEnforced: false, breakGlassUserId: null },
    });
    const r = await call(settingsRoute.PUT, "PUT", "/api/v1/identity-providers/settings", {
      token: b.users.owner.token,
      body: { domains: [domain], ssoEnforced: false, breakGlassUserId: null },
    });
    expect(r.status).toBe(422);
    expect(r.json.error.fields[0]).toMatchObject({ path: "domains" });
  });

  it("turns off passwords for everyone but one break-glass owner, and needs an enabled IdP first", async () => {
    const org = await makeOrg();
    const body = { domains: [], ssoEnforced: true, breakGlassUserId: org.users.owner.id };
    const noIdp = await call(settingsRoute.PUT, "PUT", "/api/v1/identity-providers/settings", {
      token: org.users.owner.token,
      body,
    });
    expect(noIdp.status).toBe(422);
    expect(noIdp.json.error.fields[0].path).toBe("ssoEnforced");
    const notOwner = await call(settingsRoute.PUT, "PUT", "/api/v1/identity-providers/settings", {
      token: org.users.owner.token,
      body: { ...body, breakGlassUserId: org.users.admin.id },
    });
    expect(notOwner.status).toBe(422);
    expect(notOwner.json.error.fields[0].path).toBe("breakGlassUserId");
    const helpdesk = await call(settingsRoute.PUT, "PUT", "/api/v1/identity-providers/settings", {
      token: org.users.helpdesk.token,
      body,
    });
    expect(helpdesk.status).toBe(403);

    await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
      token: org.users.owner.token,
      body: samlBody(`e-${uniq()}`),
    });
    const ok = await call(settingsRoute.PUT, "PUT", "/api/v1/identity-providers/settings", {
      token: org.users.owner.token,
      body,
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ ssoEnforced: true, breakGlassUserId: org.users.owner.id });
    const meta = { ip: "192.0.2.77", userAgent: "vitest" };
    await expect(signInWithPassword({ email: org.users.admin.email, password: org.password }, meta)).rejects.toThrow(
      SIGNIN_ERRORS.ssoOnly,
    );
    await expect(
      signInWithPassword({ email: org.users.owner.email, password: org.password }, meta),
    ).resolves.toHaveProperty("sessionId");
    const ev = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { orgId: org.orgId, action: "settings.sso.update" },
    });
    expect(ev.after).toMatchObject({ ssoEnforced: true });
  });

  it("an Admin may turn enforcement on, but only an Owner turns it off or changes domains; every owner is told", async () => {
    const org = await makeOrg();
    await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
      token: org.users.owner.token,
      body: samlBody(`a-${uniq()}`),
    });
    const on = { domains: [], ssoEnforced: true, breakGlassUserId: org.users.owner.id };
    const ownerSets = await call(settingsRoute.PUT, "PUT", "/api/v1/identity-providers/settings", {
      token: org.users.owner.token,
      body: { ...on, ssoEnforced: false },
    });
    expect(ownerSets.status).toBe(200);
    const adminOn = await call(settingsRoute.PUT, "PUT", "/api/v1/identity-providers/settings", {
      token: org.users.admin.token,
      body: on,
    });
    expect(adminOn.status).toBe(200);
    for (const body of [
      { ...on, ssoEnforced: false },
      { ...on, domains: [`grab-${uniq()}.test`] },
    ]) {
      const r = await call(settingsRoute.PUT, "PUT", "/api/v1/identity-providers/settings", {
        token: org.users.admin.token,
        body,
      });
      expect(r.status).toBe(403);
      expect(r.json.error.message).toMatch(/Only an Owner/);
    }
    expect((await t.db.prisma.org.findUniqueOrThrow({ where: { id: org.orgId } })).ssoEnforced).toBe(true);
    expect(
      await t.db.prisma.auditEvent.count({
        where: { orgId: org.orgId, actorId: org.users.admin.id, action: "idp.configure", outcome: "denied" },
      }),
    ).toBe(2);
    const off = await call(settingsRoute.PUT, "PUT", "/api/v1/identity-providers/settings", {
      token: org.users.owner.token,
      body: { ...on, ssoEnforced: false },
    });
    expect(off.status).toBe(200);
    const ev = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { orgId: org.orgId, action: "settings.sso.update" },
      orderBy: { serverSeq: "desc" },
    });
    expect(ev.before).toMatchObject({ ssoEnforced: true });
    expect(ev.after).toMatchObject({ ssoEnforced: false });
    const notice = await t.db.prisma.notice.findFirstOrThrow({
      where: { userId: org.users.owner.id, kind: "sso.enforcement.off" },
    });
    expect(notice.title).toBe("SSO enforcement turned off");
  });

  it("refuses a break-glass user id from another organisation whether or not enforcement is on", async () => {
    const a = await makeOrg();
    const b = await makeOrg();
    for (const ssoEnforced of [false, true]) {
      const r = await call(settingsRoute.PUT, "PUT", "/api/v1/identity-providers/settings", {
        token: a.users.owner.token,
        body: { domains: [], ssoEnforced, breakGlassUserId: b.users.owner.id },
      });
      expect(r.status, `enforced: ${ssoEnforced}`).toBe(422);
      expect(r.json.error.fields[0].path).toBe("breakGlassUserId");
    }
    expect((await t.db.prisma.org.findUniqueOrThrow({ where: { id: a.orgId } })).breakGlassUserId).not.toBe(
      b.users.owner.id,
    );
  });
});
