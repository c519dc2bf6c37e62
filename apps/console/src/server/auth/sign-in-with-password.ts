import { recordAuditNow } from "../audit/record-audit";
import { db } from "../db";
import { env } from "../env";
import { AppError } from "../http/errors";
import { dummyHash, verifyPassword } from "./password";
import { hit } from "./rate-limit";
import type { TSignIn } from "./schemas";
import { consumeSecondFactor } from "./second-factor";

export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MINUTES = 15;

/** Messages the sign-in page recognises (next-auth passes the thrown message through). */
export const SIGNIN_ERRORS = {
  invalid: "Invalid email or password",
  mfaRequired: "MFA_REQUIRED",
  mfaInvalid: "The verification code is not valid",
  locked: "Account temporarily locked after repeated failed sign-ins",
  ssoOnly: "Password sign-in is turned off for this organisation: use single sign-on",
  deactivated: "This account is deactivated",
} as const;

interface Meta {
  ip?: string | null;
  userAgent?: string | null;
}

export async function signInWithPassword(input: TSignIn, meta: Meta): Promise<{ userId: string; sessionId: string }> {
  await hit(`signin:ip:${meta.ip ?? "unknown"}`, 30, 300);
  await hit(`signin:email:${input.email}`, 15, 900);
  const prisma = db();
  const user = await prisma.user.findUnique({ where: { email: input.email }, include: { org: true } });
  if (!user?.passwordHash) {
    await verifyPassword(input.password, await dummyHash());
    throw new AppError("unauthenticated", SIGNIN_ERRORS.invalid);
  }
  const audit = (outcome: "success" | "failure", reason?: string, sessionId?: string) =>
    recordAuditNow(
      user.orgId,
      { actor: { type: "user", id: user.id, label: user.email }, ip: meta.ip, userAgent: meta.userAgent, sessionId },
      {
        action: "auth.signin",
        outcome,
        target: { type: "user", id: user.id, label: user.email },
        data: { method: "password", ...(reason ? { reason } : {}) },
      },
    );

  if (user.lockedUntil && user.lockedUntil > new Date()) {
    await audit("failure", "locked");
    const minutes = Math.ceil((user.lockedUntil.getTime() - Date.now()) / 60000);
    throw new AppError("unauthenticated", `${SIGNIN_ERRORS.locked}; try again in ${minutes} minute(s)`);
  }
  if (!(await verifyPassword(input.password, user.passwordHash))) {
    const failed = user.failedLogins + 1;
    const lock = failed >= LOCKOUT_THRESHOLD;
    await prisma.user.update({
      where: { id: user.id },
      data: lock
        ? { failedLogins: 0, lockedUntil: new Date(Date.now() + LOCKOUT_MINUTES * 60_000) }
        : { failedLogins: failed },
    });
    await audit("failure", lock ? "bad_password_locked" : "bad_password");
    throw new AppError("unauthenticated", SIGNIN_ERRORS.invalid);
  }
  if (user.status !== "active") {
    await audit("failure", "deactivated");
    throw new AppError("unauthenticated", SIGNIN_ERRORS.deactivated);
  }
  if (user.org.ssoEnforced && user.org.breakGlassUserId !== user.id) {
    await audit("failure", "sso_enforced");
    throw new AppError("unauthenticated", SIGNIN_ERRORS.ssoOnly);
  }
  let mfa = false;
  if (user.totpEnabledAt) {
    if (!input.otp) throw new AppError("unauthenticated", SIGNIN_ERRORS.mfaRequired);
    const second = await consumeSecondFactor(user, input.otp);
    if (second !== "ok") {
      await audit("failure", second === "reused" ? "second_factor_reused" : "bad_second_factor");
      throw new AppError("unauthenticated", SIGNIN_ERRORS.mfaInvalid);
    }
    mfa = true;
  }
  const session = await prisma.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: { failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() },
    });
    return tx.session.create({
      data: {
        orgId: user.orgId,
        userId: user.id,
        method: "password",
        mfa,
        ip: meta.ip ?? null,
        userAgent: meta.userAgent?.slice(0, 512) ?? null,
        expiresAt: new Date(Date.now() + env().SESSION_MAX_AGE_SECONDS * 1000),
      },
    });
  });
  await audit("success", undefined, session.id);
  return { userId: user.id, sessionId: session.id };
}
