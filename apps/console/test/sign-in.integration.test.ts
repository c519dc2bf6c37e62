import { encryptSecret, hashToken } from "@luminous/crypto";
import { describe, expect, it } from "vitest";
import { totpAad } from "@/server/auth/second-factor";
import { SIGNIN_ERRORS, signInWithPassword } from "@/server/auth/sign-in-with-password";
import { newTotpSecret, totpAt } from "@/server/auth/totp";
import { masterKey } from "@/server/env";
import { makeOrg, setupTestDatabase } from "./harness";

const t = setupTestDatabase();
let ipN = 0;
const meta = () => ({ ip: `198.51.100.${++ipN}`, userAgent: "vitest" });

describe("password sign-in", () => {
  it("creates a session and records the sign-in", async () => {
    const org = await makeOrg();
    const r = await signInWithPassword({ email: org.users.admin.email, password: org.password }, meta());
    const s = await t.db.prisma.session.findUniqueOrThrow({ where: { id: r.sessionId } });
    expect(s.userId).toBe(org.users.admin.id);
    expect(s.expiresAt.getTime()).toBeGreaterThan(Date.now());
    const ev = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { orgId: org.orgId, action: "auth.signin", outcome: "success" },
    });
    expect(ev.sessionId).toBe(r.sessionId);
  });

  it("gives the same message for a wrong password and an unknown email, and records the failure", async () => {
    const org = await makeOrg();
    await expect(signInWithPassword({ email: org.users.admin.email, password: "nope" }, meta())).rejects.toThrow(
      SIGNIN_ERRORS.invalid,
    );
    await expect(signInWithPassword({ email: "ghost@nowhere.test", password: "nope" }, meta())).rejects.toThrow(
      SIGNIN_ERRORS.invalid,
    );
    const ev = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { orgId: org.orgId, action: "auth.signin", outcome: "failure" },
    });
    expect(ev.data).toEqual({ method: "password", reason: "bad_password" });
  });

  it("rate-limits one address hammering the sign-in", async () => {
    const org = await makeOrg();
    const ip = { ip: "192.0.2.250", userAgent: "x" };
    let limited: Error | undefined;
    for (let i = 0; i < 40 && !limited; i++) {
      await signInWithPassword({ email: `nobody${i}@x.test`, password: "x" }, ip).catch((e: Error) => {
        if (/Too many attempts/.test(e.message)) limited = e;
      });
    }
    expect(limited?.message).toMatch(/try again in \d+ seconds/);
    expect(org).toBeTruthy();
  });

  it("refuses deactivated users and, with SSO enforced, everyone but the break-glass owner", async () => {
    const org = await makeOrg();
    await t.db.prisma.user.update({ where: { id: org.users.auditor.id }, data: { status: "deactivated" } });
    await expect(
      signInWithPassword({ email: org.users.auditor.email, password: org.password }, meta()),
    ).rejects.toThrow(SIGNIN_ERRORS.deactivated);
    await t.db.prisma.org.update({ where: { id: org.orgId }, data: { ssoEnforced: true } });
    await expect(signInWithPassword({ email: org.users.admin.email, password: org.password }, meta())).rejects.toThrow(
      SIGNIN_ERRORS.ssoOnly,
    );
    await expect(
      signInWithPassword({ email: org.users.owner.email, password: org.password }, meta()),
    ).resolves.toHaveProperty("sessionId");
  });

  it("asks for a TOTP code when enrolled, accepts a valid one, and a recovery code only once", async () => {
    const org = await makeOrg();
    const secret = newTotpSecret();
    const id = org.users.admin.id;
    await t.db.prisma.user.update({
      where: { id },
      data: {
        totpSecretEnc: encryptSecret(masterKey(), secret, totpAad(id)),
        totpEnabledAt: new Date(),
        recoveryCodes: [hashToken("abcde-12345")],
      },
    });
    const email = org.users.admin.email;
    await expect(signInWithPassword({ email, password: org.password }, meta())).rejects.toThrow(
      SIGNIN_ERRORS.mfaRequired,
    );
    const wrong = String((Number(totpAt(secret, Date.now())) + 500_000) % 1_000_000).padStart(6, "0");
    await expect(signInWithPassword({ email, password: org.password, otp: wrong }, meta())).rejects.toThrow(
      SIGNIN_ERRORS.mfaInvalid,
    );
    const ok = await signInWithPassword({ email, password: org.password, otp: totpAt(secret, Date.now()) }, meta());
    expect((await t.db.prisma.session.findUniqueOrThrow({ where: { id: ok.sessionId } })).mfa).toBe(true);
    await expect(
      signInWithPassword({ email, password: org.password, otp: "abcde-12345" }, meta()),
    ).resolves.toHaveProperty("sessionId");
    await expect(signInWithPassword({ email, password: org.password, otp: "abcde-12345" }, meta())).rejects.toThrow(
      SIGNIN_ERRORS.mfaInvalid,
    );
  });
});
