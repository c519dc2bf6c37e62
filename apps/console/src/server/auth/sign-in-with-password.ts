import { recordAuditNow } from "../audit/record-audit";
import { db } from "../db";
import { env } from "../env";
import { AppError } from "../http/errors";
import { dummyHash, verifyPassword } from "./password";
import { hit } from "./rate-limit";
import { reportThrottledAddress } from "./report-throttled-address";
import type { TSignIn } from "./schemas";
import { consumeSecondFactor } from "./second-factor";
import { assertNotThrottled, clearSignInFailures, recordSignInFailure } from "./sign-in-throttle";

/** Messages the sign-in page recognises (next-auth passes the thrown message through). */
export const SIGNIN_ERRORS = {
  invalid: "Invalid email or password",
  mfaRequired: "MFA_REQUIRED",
  mfaInvalid: "The verification code is not valid",
  ssoOnly: "Password sign-in is turned off for this organisation: use single sign-on",
  deactivated: "This account is deactivated",
} as const;

interface Meta {
  ip?: string | null;
  userAgent?: string | null;
}

/**
 * Throttled per (email, client address) with backoff (sign-in-throttle.ts), never locked per
 * account. Known and unknown emails get the same answers and the same work: an email without a
 * password is checked against a dummy hash of the same cost.
 */
export async function signInWithPassword(input: TSignIn, meta: Meta): Promise<{ userId: string; sessionId: string }> {
  const ip = meta.ip ?? null;
  await hit(`signin:ip:${ip ?? "unknown"}`, env().SIGNIN_ATTEMPTS_PER_ADDRESS, 300);
  await assertNotThrottled(input.email, ip);
  const prisma = db();
  const user = await prisma.user.findUnique({ where: { email: input.email }, include: { org: true } });
  if (!user?.passwordHash) {
    await verifyPassword(input.password, await dummyHash());
    await recordSignInFailure(input.email, ip);
    throw new AppError("unauthenticated", SIGNIN_ERRORS.invalid);
  }
  const audit = (outcome: "success" | "failure", reason?: string, sessionId?: string) =>
    recordAuditNow(
      user.orgId,
      { actor: { type: "user", id: user.id, label: user.email }, ip, userAgent: meta.userAgent, sessionId },
      {
        action: "auth.signin",
        outcome,
        target: { type: "user", id: user.id, label: user.email },
        data: { method: "password", ...(reason ? { reason } : {}) },
      },
    );

  if (!(await verifyPassword(input.password, user.passwordHash))) {
    const { failures, blockedUntil } = await recordSignInFailure(input.email, ip);
    if (blockedUntil) await reportThrottledAddress(user, ip, failures, blockedUntil);
    await audit("failure", blockedUntil ? "bad_password_throttled" : "bad_password");
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
  let factor: string | null = null;
  if (user.totpEnabledAt) {
    if (!input.otp) throw new AppError("unauthenticated", SIGNIN_ERRORS.mfaRequired);
    const second = await consumeSecondFactor(user, input.otp);
    if (second !== "ok") {
      await audit("failure", second === "reused" ? "second_factor_reused" : "bad_second_factor");
      throw new AppError("unauthenticated", SIGNIN_ERRORS.mfaInvalid);
    }
    mfa = true;
    factor = /^\d{6}$/.test(input.otp) ? "totp" : "recovery_code";
  }
  const session = await prisma.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: { lastLoginAt: new Date() },
    });
    return tx.session.create({
      data: {
        orgId: user.orgId,
        userId: user.id,
        method: "password",
        mfa,
        // The second factor of the sign-in is a step-up too: the next N minutes need no other.
        stepUpAt: mfa ? new Date() : null,
        stepUpFactor: factor,
        ip,
        userAgent: meta.userAgent?.slice(0, 512) ?? null,
        expiresAt: new Date(Date.now() + env().SESSION_MAX_AGE_SECONDS * 1000),
      },
    });
  });
  await clearSignInFailures(input.email, ip);
  await audit("success", undefined, session.id);
  return { userId: user.id, sessionId: session.id };
}
