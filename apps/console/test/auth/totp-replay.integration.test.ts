import { describe, expect, it } from "vitest";
import * as confirmRoute from "@/app/api/v1/me/mfa/totp/confirm/route";
import * as totpRoute from "@/app/api/v1/me/mfa/totp/route";
import { SIGNIN_ERRORS, signInWithPassword } from "@/server/auth/sign-in-with-password";
import { totpAt } from "@/server/auth/totp";
import { call, makeOrg, setupTestDatabase, withTotp } from "../harness";

const t = setupTestDatabase();
let ipN = 0;
const meta = () => ({ ip: `198.51.100.${++ipN}`, userAgent: "vitest" });

const failures = (orgId: string, action: string) =>
  t.db.prisma.auditEvent.findMany({ where: { orgId, action, outcome: "failure" }, orderBy: { ts: "asc" } });

describe("a TOTP code is accepted once (RFC 6238 section 5.2)", () => {
  it("refuses a second sign-in with the same code, and records the replay", async () => {
    const org = await makeOrg();
    const { email, id } = org.users.admin;
    const secret = await withTotp(id);
    const code = totpAt(secret, Date.now());
    await expect(signInWithPassword({ email, password: org.password, otp: code }, meta())).resolves.toHaveProperty(
      "sessionId",
    );
    await expect(signInWithPassword({ email, password: org.password, otp: code }, meta())).rejects.toThrow(
      SIGNIN_ERRORS.mfaInvalid,
    );
    // An older code (the previous step, still inside the drift window) is refused too.
    await expect(
      signInWithPassword({ email, password: org.password, otp: totpAt(secret, Date.now() - 30_000) }, meta()),
    ).rejects.toThrow(SIGNIN_ERRORS.mfaInvalid);
    const ev = await failures(org.orgId, "auth.signin");
    expect(ev.map((e) => (e.data as { reason: string }).reason)).toEqual([
      "second_factor_reused",
      "second_factor_reused",
    ]);
  });

  it("accepts one of two sign-ins racing with the same code", async () => {
    const org = await makeOrg();
    const { email, id } = org.users.viewer;
    const secret = await withTotp(id);
    const code = totpAt(secret, Date.now());
    const results = await Promise.allSettled(
      [0, 1, 2].map(() => signInWithPassword({ email, password: org.password, otp: code }, meta())),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("does not let the code that turned TOTP on sign in afterwards", async () => {
    const org = await makeOrg();
    const { email, token } = org.users.auditor;
    const start = await call(totpRoute.POST, "POST", "/api/v1/me/mfa/totp", { token });
    expect(start.status).toBe(200);
    const code = totpAt(start.json.secret, Date.now());
    const confirm = await call(confirmRoute.POST, "POST", "/api/v1/me/mfa/totp/confirm", {
      token,
      body: { code },
    });
    expect(confirm.status).toBe(200);
    await expect(signInWithPassword({ email, password: org.password, otp: code }, meta())).rejects.toThrow(
      SIGNIN_ERRORS.mfaInvalid,
    );
  });

  it("turning TOTP off needs a code not used before, and the refusal is recorded", async () => {
    const org = await makeOrg();
    const { email, id, token } = org.users.helpdesk;
    const secret = await withTotp(id);
    const code = totpAt(secret, Date.now());
    await signInWithPassword({ email, password: org.password, otp: code }, meta());
    const reused = await call(totpRoute.DELETE, "DELETE", "/api/v1/me/mfa/totp", {
      token,
      body: { password: org.password, code },
    });
    expect(reused.status).toBe(422);
    expect(reused.json.error.fields).toEqual([{ path: "code", message: expect.stringMatching(/already used/) }]);
    expect((await t.db.prisma.user.findUniqueOrThrow({ where: { id } })).totpEnabledAt).not.toBeNull();
    const missing = await call(totpRoute.DELETE, "DELETE", "/api/v1/me/mfa/totp", {
      token,
      body: { password: org.password },
    });
    expect(missing.status).toBe(422);
    expect(missing.json.error.fields[0].path).toBe("code");
    const ev = await failures(org.orgId, "user.mfa.disable");
    expect(ev.map((e) => (e.data as { reason: string }).reason)).toEqual(["second_factor_reused"]);
  });

  it("turns TOTP off with the password and an unused recovery code", async () => {
    const org = await makeOrg();
    const { id, token } = org.users.security_admin;
    await withTotp(id, ["fghij-67890"]);
    const r = await call(totpRoute.DELETE, "DELETE", "/api/v1/me/mfa/totp", {
      token,
      body: { password: org.password, code: "fghij-67890" },
    });
    expect(r.status).toBe(204);
    const u = await t.db.prisma.user.findUniqueOrThrow({ where: { id } });
    expect(u.totpEnabledAt).toBeNull();
    expect(u.totpLastStep).toBeNull();
  });
});
