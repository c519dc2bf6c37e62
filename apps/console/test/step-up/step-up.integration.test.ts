/**
 * Step-up: with the org setting on, each sensitive console action is refused without a fresh
 * second factor on the session (403 step_up_required, recorded), done within N minutes of one
 * (its audit event says which factor), refused again after N; API tokens never pass.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as exportRoute from "@/app/api/v1/audit-events/export/route";
import * as packageRoute from "@/app/api/v1/compliance/package/route";
import * as idpRoute from "@/app/api/v1/identity-providers/[id]/route";
import * as idpsRoute from "@/app/api/v1/identity-providers/route";
import * as stepUpRoute from "@/app/api/v1/me/step-up/route";
import * as publish from "@/app/api/v1/policies/[id]/versions/[number]/publish/route";
import * as policies from "@/app/api/v1/policies/route";
import * as settingsRoute from "@/app/api/v1/settings/step-up/route";
import * as rotate from "@/app/api/v1/signing-keys/rotate/route";
import * as userRoute from "@/app/api/v1/users/[id]/route";
import * as usersRoute from "@/app/api/v1/users/route";
import { signInWithPassword } from "@/server/auth/sign-in-with-password";
import { totpAt } from "@/server/auth/totp";
import { createSamlIdp, keyPair } from "../../../../test-peers/saml/idp.mjs";
import { call, makeOrg, setupTestDatabase, signedInSession, type TestOrg, withTotp } from "../harness";
import { asBrowser, newKey, registerKey, signWith } from "../webauthn/webauthn-helpers";

const t = setupTestDatabase();
const N = 5;
const samlIdp = createSamlIdp({ entityId: "https://idp.step-up.example/metadata" });
let n = 0;
const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
const uniq = () => `${Date.now().toString(36)}-${++n}`;
const samlBody = (slug: string) => ({
  type: "saml",
  name: `SAML ${slug}`,
  slug,
  idpEntityId: samlIdp.entityId,
  ssoUrl: "https://idp.step-up.example/sso",
  idpCert: keyPair("idp-a").cert,
});

type Res = Awaited<ReturnType<typeof call>>;
type Who = { org: TestOrg; cookie: string; opts: { headers: Record<string, string> } };

async function newPolicy(w: Who) {
  const r = await call(policies.POST, "POST", "/api/v1/policies", {
    ...w.opts,
    body: { name: `P ${uniq()}`, source: "safety: {}\n", note: "first cut" },
  });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json.id as string;
}
async function newIdp(w: Who) {
  const row = await t.db.prisma.identityProvider.create({
    data: {
      orgId: w.org.orgId,
      type: "saml",
      name: `S ${uniq()}`,
      ...((k) => ({ slug: k, spKey: k }))(`s-${uniq()}`),
      config: {},
      enabled: false,
    },
  });
  return row.id;
}

/** Each sensitive action, with the audit action its success records; every run uses fresh inputs. */
const ACTIONS: { name: string; audit: string; run: (w: Who) => Promise<Res> }[] = [
  {
    name: "publish a policy",
    audit: "policy.publish",
    run: async (w) => {
      const id = await newPolicy(w);
      return call(publish.POST, "POST", `/api/v1/policies/${id}/versions/1/publish`, {
        ...w.opts,
        params: { id, number: "1" },
      });
    },
  },
  {
    name: "rotate the signing key",
    audit: "signingkey.rotate",
    run: (w) => call(rotate.POST, "POST", "/api/v1/signing-keys/rotate", w.opts),
  },
  {
    name: "create an identity provider",
    audit: "idp.create",
    run: (w) =>
      call(idpsRoute.POST, "POST", "/api/v1/identity-providers", { ...w.opts, body: samlBody(`sp-${uniq()}`) }),
  },
  {
    name: "change an identity provider",
    audit: "idp.update",
    run: async (w) => {
      const id = await newIdp(w);
      return call(idpRoute.PUT, "PUT", `/api/v1/identity-providers/${id}`, {
        ...w.opts,
        params: { id },
        body: samlBody(`up-${uniq()}`),
      });
    },
  },
  {
    name: "delete an identity provider",
    audit: "idp.delete",
    run: async (w) => {
      const id = await newIdp(w);
      return call(idpRoute.DELETE, "DELETE", `/api/v1/identity-providers/${id}`, { ...w.opts, params: { id } });
    },
  },
  {
    name: "turn an identity provider on",
    audit: "idp.enable",
    run: async (w) => {
      const id = await newIdp(w);
      return call(idpRoute.PATCH, "PATCH", `/api/v1/identity-providers/${id}`, {
        ...w.opts,
        params: { id },
        body: { enabled: true },
      });
    },
  },
  {
    name: "change a role to Admin",
    audit: "user.role.change",
    run: async (w) => {
      const u = await t.db.prisma.user.create({
        data: { orgId: w.org.orgId, email: `v-${uniq()}@step-up.test`, name: "V", role: "viewer" },
      });
      return call(userRoute.PATCH, "PATCH", `/api/v1/users/${u.id}`, {
        ...w.opts,
        params: { id: u.id },
        body: { role: "admin" },
      });
    },
  },
  {
    name: "invite an Owner",
    audit: "user.create",
    run: (w) =>
      call(usersRoute.POST, "POST", "/api/v1/users", {
        ...w.opts,
        body: { email: `o-${uniq()}@step-up.test`, name: "O", role: "owner" },
      }),
  },
  {
    name: "export the audit trail",
    audit: "audit.export",
    run: (w) => call(exportRoute.GET, "GET", "/api/v1/audit-events/export?format=json", w.opts),
  },
  {
    name: "download an evidence package",
    audit: "compliance.package.download",
    run: (w) =>
      call(packageRoute.GET, "GET", `/api/v1/compliance/package?framework=soc2&from=${day(-7)}&to=${day(1)}`, w.opts),
  },
];

const stepUpWithTotp = (w: Who, secret: string) =>
  call(stepUpRoute.POST, "POST", "/api/v1/me/step-up", { ...w.opts, body: { code: totpAt(secret, Date.now()) } });

describe("sensitive actions with step-up on", () => {
  let w: Who;
  let secret: string;
  let sessionId: string;
  beforeAll(async () => {
    const org = await makeOrg("stepup");
    secret = await withTotp(org.users.owner.id);
    const s = await signedInSession(org.users.owner.id, org.orgId);
    sessionId = s.sessionId;
    w = { org, cookie: s.cookie, opts: asBrowser(s.cookie) };
    const on = await call(settingsRoute.PUT, "PUT", "/api/v1/settings/step-up", { ...w.opts, body: { minutes: N } });
    expect(on.status, JSON.stringify(on.json)).toBe(200);
  });

  it.each(ACTIONS)("$name: refused without a step-up, done within N minutes, refused after", async (a) => {
    await t.db.prisma.session.update({ where: { id: sessionId }, data: { stepUpAt: null, stepUpFactor: null } });
    const before = await a.run(w);
    expect(before.status).toBe(403);
    expect(before.json.error).toMatchObject({
      code: "step_up_required",
      message: expect.stringMatching(/second factor/),
    });

    // a step-up proved just inside the window (N minutes less a few seconds ago)
    await t.db.prisma.session.update({
      where: { id: sessionId },
      data: { stepUpAt: new Date(Date.now() - N * 60_000 + 20_000), stepUpFactor: "webauthn" },
    });
    const within = await a.run(w);
    expect(within.status, JSON.stringify(within.json)).toBeLessThan(300);
    const done = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { orgId: w.org.orgId, action: a.audit, outcome: "success" },
      orderBy: { ts: "desc" },
    });
    expect((done.data as { stepUp?: { factor: string } }).stepUp).toMatchObject({
      factor: "webauthn",
      at: expect.any(String),
    });

    await t.db.prisma.session.update({
      where: { id: sessionId },
      data: { stepUpAt: new Date(Date.now() - N * 60_000 - 1000) },
    });
    const after = await a.run(w);
    expect(after.status).toBe(403);
    expect(after.json.error.code).toBe("step_up_required");
  });

  it("records each refusal, and a TOTP step-up lets the next action through with factor totp", async () => {
    await t.db.prisma.session.update({ where: { id: sessionId }, data: { stepUpAt: null, stepUpFactor: null } });
    const denied = await t.db.prisma.auditEvent.findMany({
      where: { orgId: w.org.orgId, outcome: "denied", action: "signingkey.rotate" },
    });
    expect(denied.map((e) => (e.data as { reason: string }).reason)).toEqual(["step_up_required", "step_up_required"]);
    const status = await call(stepUpRoute.GET, "GET", "/api/v1/me/step-up", w.opts);
    expect(status.json).toMatchObject({
      enabled: true,
      minutes: N,
      fresh: false,
      factors: { totp: true, webauthn: false },
    });
    const up = await stepUpWithTotp(w, secret);
    expect(up.status, JSON.stringify(up.json)).toBe(200);
    expect(up.json).toMatchObject({ fresh: true, factor: "totp", freshUntil: expect.any(String) });
    const r = await call(rotate.POST, "POST", "/api/v1/signing-keys/rotate", w.opts);
    expect(r.status).toBe(200);
    const ev = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { orgId: w.org.orgId, action: "signingkey.rotate", outcome: "success" },
      orderBy: { ts: "desc" },
    });
    expect((ev.data as { stepUp: { factor: string } }).stepUp.factor).toBe("totp");
    // the same code again is refused and recorded
    const again = await stepUpWithTotp(w, secret);
    expect(again.status).toBe(422);
    expect(again.json.error.message).toMatch(/already used/);
    const fails = await t.db.prisma.auditEvent.findMany({
      where: { orgId: w.org.orgId, action: "auth.step_up", outcome: "failure" },
    });
    expect(fails.map((e) => (e.data as { reason: string }).reason)).toEqual(["second_factor_reused"]);
  });

  it("an API token can do none of them, and cannot step up", async () => {
    const token = { token: w.org.users.owner.token };
    for (const a of ACTIONS) {
      const r = await a.run({ ...w, opts: token as never });
      expect(r.status, a.name).toBe(403);
      expect(r.json.error.code).toBe("step_up_required");
      expect(r.json.error.message).toMatch(/API token cannot provide one/);
    }
    const up = await call(stepUpRoute.POST, "POST", "/api/v1/me/step-up", {
      ...token,
      body: { code: totpAt(secret, Date.now() + 30_000) },
    });
    expect(up.status).toBe(403);
    const refused = await t.db.prisma.auditEvent.count({
      where: {
        orgId: w.org.orgId,
        outcome: "denied",
        data: { path: ["reason"], equals: "step_up_required_api_token" },
      },
    });
    expect(refused).toBe(ACTIONS.length);
  });

  it("a role change below Admin needs no step-up", async () => {
    await t.db.prisma.session.update({ where: { id: sessionId }, data: { stepUpAt: null, stepUpFactor: null } });
    const u = await t.db.prisma.user.create({
      data: { orgId: w.org.orgId, email: `h-${uniq()}@step-up.test`, name: "H", role: "viewer" },
    });
    const r = await call(userRoute.PATCH, "PATCH", `/api/v1/users/${u.id}`, {
      ...w.opts,
      params: { id: u.id },
      body: { role: "helpdesk" },
    });
    expect(r.status).toBe(200);
  });
});

describe("the step-up setting", () => {
  it("is for owners and admins, bounded 1-60, audited, and needs a step-up to change while on", async () => {
    const org = await makeOrg("stepup-settings");
    const sec = await signedInSession(org.users.security_admin.id, org.orgId);
    const put = (cookie: string, body: unknown) =>
      call(settingsRoute.PUT, "PUT", "/api/v1/settings/step-up", { ...asBrowser(cookie), body });
    expect((await put(sec.cookie, { minutes: 10 })).status).toBe(403);

    const admin = await signedInSession(org.users.admin.id, org.orgId);
    const lockout = await put(admin.cookie, { minutes: 10 });
    expect(lockout.status).toBe(422);
    expect(lockout.json.error.fields[0]).toMatchObject({
      path: "minutes",
      message: expect.stringMatching(/lock you out/),
    });
    for (const minutes of [0, 61, 2.5, "5"]) {
      const bad = await put(admin.cookie, { minutes });
      expect(bad.status, String(minutes)).toBe(422);
      expect(bad.json.error.fields[0].path).toBe("minutes");
    }
    const key = newKey();
    expect((await registerKey(admin.cookie, key)).status).toBe(201);
    expect((await put(admin.cookie, { minutes: 10 })).json).toEqual({ minutes: 10 });
    const read = await call(settingsRoute.GET, "GET", "/api/v1/settings/step-up", asBrowser(sec.cookie));
    expect(read.json).toEqual({ minutes: 10 });

    // turning it off (or changing it) while on is itself a step-up action
    const off = await put(admin.cookie, { minutes: null });
    expect(off.status).toBe(403);
    expect(off.json.error.code).toBe("step_up_required");
    const up = await call(stepUpRoute.POST, "POST", "/api/v1/me/step-up", {
      ...asBrowser(admin.cookie),
      body: { webauthn: await signWith(admin.cookie, key) },
    });
    expect(up.status, JSON.stringify(up.json)).toBe(200);
    expect((await put(admin.cookie, { minutes: null })).json).toEqual({ minutes: null });

    const ev = await t.db.prisma.auditEvent.findMany({
      where: { orgId: org.orgId, action: "settings.step_up.update" },
      orderBy: { ts: "asc" },
    });
    // (the Security admin's attempt is refused by the guard and recorded as settings.update)
    expect(ev.map((e) => [e.outcome, e.before, e.after])).toEqual([
      ["success", { minutes: null }, { minutes: 10 }],
      ["denied", null, null],
      ["success", { minutes: 10 }, { minutes: null }],
    ]);
    expect((ev[2]!.data as { stepUp: { factor: string } }).stepUp.factor).toBe("webauthn");
  });

  it("a sign-in with TOTP counts as a step-up; adding a second factor needs one", async () => {
    const org = await makeOrg("stepup-signin");
    const owner = org.users.owner;
    const secret = await withTotp(owner.id);
    await t.db.prisma.org.update({ where: { id: org.orgId }, data: { stepUpMinutes: 15 } });
    const { sessionId } = await signInWithPassword(
      { email: owner.email, password: org.password, otp: totpAt(secret, Date.now()) },
      { ip: "198.51.100.7", userAgent: "vitest" },
    );
    const s = await t.db.prisma.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(s.stepUpFactor).toBe("totp");

    const other = await signedInSession(owner.id, org.orgId);
    const blocked = await registerKey(other.cookie, newKey());
    expect(blocked.status).toBe(403);
    expect(blocked.json.error.code).toBe("step_up_required");
  });
});
