import { describe, expect, it } from "vitest";
import * as stepUp from "@/app/api/v1/me/step-up/route";
import * as credential from "@/app/api/v1/me/webauthn/credentials/[id]/route";
import * as credentials from "@/app/api/v1/me/webauthn/credentials/route";
import { call, makeOrg, setupTestDatabase, signedInSession } from "../harness";
import { asBrowser, newKey, registerKey, signWith } from "./webauthn-helpers";

const t = setupTestDatabase();

const audit = (orgId: string, action: string) =>
  t.db.prisma.auditEvent.findMany({ where: { orgId, action }, orderBy: { ts: "asc" } });
const reasons = async (orgId: string, action: string) =>
  (await audit(orgId, action)).filter((e) => e.outcome !== "success").map((e) => (e.data as { reason: string }).reason);

async function signedIn(role: "admin" | "auditor" | "helpdesk" | "viewer" | "security_admin" = "admin") {
  const org = await makeOrg("webauthn");
  const u = org.users[role];
  const s = await signedInSession(u.id, org.orgId);
  return { org, user: u, ...s };
}

const proveWith = (cookie: string, body: unknown) =>
  call(stepUp.POST, "POST", "/api/v1/me/step-up", { ...asBrowser(cookie), body });

describe("registering a security key", () => {
  it("stores the named key, lists it with created / last used, and records the registration", async () => {
    const { org, cookie } = await signedIn();
    const key = newKey();
    const r = await registerKey(cookie, key, "YubiKey 5C");
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    expect(r.json).toMatchObject({ name: "YubiKey 5C", lastUsedAt: null, transports: ["usb"], backedUp: false });
    const list = await call(credentials.GET, "GET", "/api/v1/me/webauthn/credentials", asBrowser(cookie));
    expect(list.json.keys).toEqual([expect.objectContaining({ name: "YubiKey 5C", createdAt: expect.any(String) })]);
    expect(list.json.keys[0]).not.toHaveProperty("publicKey");
    const row = await t.db.prisma.webAuthnCredential.findFirstOrThrow({ where: { orgId: org.orgId } });
    expect(row.credentialId).toBe(key.id);
    expect(row.publicKey.length).toBeGreaterThan(60);
    expect((await audit(org.orgId, "user.webauthn.register")).map((e) => e.outcome)).toEqual(["success"]);
  });

  it("refuses a replayed registration, another origin, and a missing name", async () => {
    const { org, cookie } = await signedIn();
    const { POST: options } = await import("@/app/api/v1/me/webauthn/registration-options/route");
    const opts = await call(options, "POST", "/api/v1/me/webauthn/registration-options", asBrowser(cookie));
    const key = newKey();
    const answer = key.register(opts.json);
    const post = (body: unknown) =>
      call(credentials.POST, "POST", "/api/v1/me/webauthn/credentials", { ...asBrowser(cookie), body });
    expect((await post({ name: "", response: answer })).json.error.fields[0].path).toBe("name");
    expect((await post({ name: "first", response: answer })).status).toBe(201);
    const replay = await post({ name: "again", response: answer });
    expect(replay.status).toBe(422);
    expect(replay.json.error.message).toMatch(/expired or was already used/);
    const phished = await registerKey(cookie, newKey(), "phished", { origin: "https://console.example.evil" });
    expect(phished.status).toBe(422);
    expect(await t.db.prisma.webAuthnCredential.count({ where: { orgId: org.orgId } })).toBe(1);
    expect(await reasons(org.orgId, "user.webauthn.register")).toEqual(["unknown_challenge", "wrong_origin"]);
  });
});

describe("using a security key as a fresh second factor", () => {
  it("steps up a session, moves the counter and records the use", async () => {
    const { org, cookie, sessionId } = await signedIn();
    const key = newKey();
    await registerKey(cookie, key);
    const r = await proveWith(cookie, { webauthn: await signWith(cookie, key) });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const s = await t.db.prisma.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(s.stepUpFactor).toBe("webauthn");
    expect(Date.now() - s.stepUpAt!.getTime()).toBeLessThan(10_000);
    const row = await t.db.prisma.webAuthnCredential.findFirstOrThrow({ where: { orgId: org.orgId } });
    expect(row.counter).toBe(1n);
    expect(row.lastUsedAt).not.toBeNull();
    const used = await audit(org.orgId, "user.webauthn.use");
    expect(used.map((e) => [e.outcome, (e.data as { purpose: string }).purpose])).toEqual([["success", "step_up"]]);
    const list = await call(credentials.GET, "GET", "/api/v1/me/webauthn/credentials", asBrowser(cookie));
    expect(list.json.keys[0].lastUsedAt).toEqual(expect.any(String));
  });

  it("refuses a replayed assertion, a counter that went backwards, another origin and someone else's key", async () => {
    const { org, cookie, sessionId } = await signedIn();
    const key = newKey();
    await registerKey(cookie, key);
    const first = await signWith(cookie, key);
    expect((await proveWith(cookie, { webauthn: first })).status).toBe(200);
    await t.db.prisma.session.update({ where: { id: sessionId }, data: { stepUpAt: null, stepUpFactor: null } });

    const replay = await proveWith(cookie, { webauthn: first });
    expect(replay.status).toBe(422);
    expect(replay.json.error.fields).toEqual([{ path: "webauthn", message: expect.stringMatching(/already used/) }]);

    // a clone of the key that signs with an older counter (the real key is at 1)
    const cloned = await proveWith(cookie, { webauthn: await signWith(cookie, key, { counter: 1 }) });
    expect(cloned.status).toBe(422);
    expect(cloned.json.error.message).toMatch(/counter went backwards/);
    expect((await t.db.prisma.webAuthnCredential.findFirstOrThrow({ where: { orgId: org.orgId } })).counter).toBe(1n);

    const phished = await proveWith(cookie, {
      webauthn: await signWith(cookie, key, { origin: "https://console.example.evil" }),
    });
    expect(phished.status).toBe(422);

    const other = await signedIn();
    const theirs = newKey();
    await registerKey(other.cookie, theirs);
    // their key answering a challenge issued to this session
    const borrowed = await proveWith(cookie, { webauthn: await signWith(cookie, theirs) });
    expect(borrowed.status).toBe(422);

    expect((await t.db.prisma.session.findUniqueOrThrow({ where: { id: sessionId } })).stepUpAt).toBeNull();
    expect(await reasons(org.orgId, "user.webauthn.use")).toEqual([
      "unknown_challenge",
      "counter_regression",
      "wrong_origin",
      "unknown_credential",
    ]);
    const regression = (await audit(org.orgId, "user.webauthn.use")).find(
      (e) => (e.data as { reason?: string }).reason === "counter_regression",
    );
    expect(regression?.data).toMatchObject({ storedCounter: "1", receivedCounter: "1" });
    expect(await reasons(org.orgId, "auth.step_up")).toEqual([
      "webauthn_unknown_challenge",
      "webauthn_counter_regression",
      "webauthn_wrong_origin",
      "webauthn_unknown_credential",
    ]);
  });

  it("keeps at most 10 open challenges per user: the oldest answer is refused once more are asked", async () => {
    const { cookie, user } = await signedIn();
    const key = newKey();
    await registerKey(cookie, key);
    const oldest = await signWith(cookie, key);
    for (let i = 0; i < 10; i++) await signWith(cookie, key);
    expect(await t.db.prisma.webAuthnChallenge.count({ where: { userId: user.id } })).toBe(10);
    const r = await proveWith(cookie, { webauthn: oldest });
    expect(r.status).toBe(422);
    expect(r.json.error.message).toMatch(/expired or was already used/);
  });

  it("refuses an expired challenge", async () => {
    const { cookie, user } = await signedIn();
    const key = newKey();
    await registerKey(cookie, key);
    const answer = await signWith(cookie, key);
    await t.db.prisma.webAuthnChallenge.updateMany({
      where: { userId: user.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const r = await proveWith(cookie, { webauthn: answer });
    expect(r.status).toBe(422);
    expect(r.json.error.message).toMatch(/expired or was already used/);
  });
});

describe("removing a security key", () => {
  it("needs a re-authentication, records a wrong one, and removes the key with a fresh assertion", async () => {
    const { org, cookie } = await signedIn();
    const key = newKey();
    const reg = await registerKey(cookie, key);
    const path = `/api/v1/me/webauthn/credentials/${reg.json.id}`;
    const del = (body: unknown) =>
      call(credential.DELETE, "DELETE", path, { ...asBrowser(cookie), body, params: { id: reg.json.id } });
    const none = await del({});
    expect(none.status).toBe(422);
    expect(none.json.error.fields[0].path).toBe("password");
    const wrong = await del({ password: "not-the-password" });
    expect(wrong.status).toBe(422);
    expect(await t.db.prisma.webAuthnCredential.count({ where: { orgId: org.orgId } })).toBe(1);
    const ok = await del({ webauthn: await signWith(cookie, key) });
    expect(ok.status, JSON.stringify(ok.json)).toBe(204);
    expect(await t.db.prisma.webAuthnCredential.count({ where: { orgId: org.orgId } })).toBe(0);
    const ev = await audit(org.orgId, "user.webauthn.remove");
    expect(
      ev.map((e) => [
        e.outcome,
        (e.data as { reason?: string; reauth?: string }).reason ?? (e.data as { reauth: string }).reauth,
      ]),
    ).toEqual([
      ["failure", "bad_password"],
      ["success", "webauthn"],
    ]);
  });

  it("removes with the account password, and never another user's key", async () => {
    const a = await signedIn();
    const b = await signedIn("auditor");
    const reg = await registerKey(b.cookie, newKey());
    const path = `/api/v1/me/webauthn/credentials/${reg.json.id}`;
    const foreign = await call(credential.DELETE, "DELETE", path, {
      ...asBrowser(a.cookie),
      body: { password: a.org.password },
      params: { id: reg.json.id },
    });
    expect(foreign.status).toBe(404);
    const own = await call(credential.DELETE, "DELETE", path, {
      ...asBrowser(b.cookie),
      body: { password: b.org.password },
      params: { id: reg.json.id },
    });
    expect(own.status).toBe(204);
  });
});
