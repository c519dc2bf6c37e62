import { decryptSecret, encryptSecret, hashToken } from "@luminous/crypto";
import { recordAudit, recordAuditNow } from "../audit/record-audit";
import { verifyPassword } from "../auth/password";
import { assertReauthAllowed, countReauthFailure } from "../auth/reauth-limit";
import { consumeSecondFactor, totpAad } from "../auth/second-factor";
import { matchTotpStep, newRecoveryCodes, newTotpSecret, otpauthUri } from "../auth/totp";
import { secondFactorsOf } from "../auth/verify-fresh-second-factor";
import { db } from "../db";
import { masterKey } from "../env";
import { AppError } from "../http/errors";
import type { Ctx } from "../http/guard";
import { requireStepUp } from "../step-up/require-step-up";
import type { TDisableTotp } from "./schemas";

/**
 * Enrolment in two steps: start stores a pending secret (encrypted) and returns it for the
 * authenticator app; confirm checks a code from it, turns TOTP on and returns recovery codes once.
 */
export async function startTotp(ctx: Ctx) {
  const u = await db().user.findFirstOrThrow({ where: { id: ctx.principal.userId, orgId: ctx.orgId } });
  if (u.totpEnabledAt) throw new AppError("conflict", "Two-factor authentication is already on");
  // With a security key already registered, adding TOTP is gated like a sensitive action.
  if ((await secondFactorsOf(u.id)).webauthn) await requireStepUp(ctx, "user.mfa.enable");
  const secret = newTotpSecret();
  await db().user.update({
    where: { id: u.id },
    data: { totpSecretEnc: encryptSecret(masterKey(), secret, totpAad(u.id)) },
  });
  return { secret, otpauthUri: otpauthUri(secret, u.email) };
}

export async function confirmTotp(ctx: Ctx, code: string) {
  const u = await db().user.findFirstOrThrow({ where: { id: ctx.principal.userId, orgId: ctx.orgId } });
  if (u.totpEnabledAt) throw new AppError("conflict", "Two-factor authentication is already on");
  if (!u.totpSecretEnc)
    throw new AppError("validation", "Start the set-up first", {
      fields: [{ path: "code", message: "Start the set-up first" }],
    });
  const secret = decryptSecret(masterKey(), u.totpSecretEnc, totpAad(u.id));
  const step = matchTotpStep(secret, code);
  if (step === null) {
    throw new AppError("validation", "The code does not match; check the time on your device", {
      fields: [{ path: "code", message: "The code does not match" }],
    });
  }
  const codes = newRecoveryCodes();
  await db().$transaction(async (tx) => {
    await tx.user.update({
      where: { id: u.id },
      // The code that turned TOTP on is spent: it cannot sign in a moment later.
      data: { totpEnabledAt: new Date(), totpLastStep: step, recoveryCodes: codes.map((c) => hashToken(c)) },
    });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "user.mfa.enable",
      outcome: "success",
      target: { type: "user", id: u.id, label: u.email },
      data: { method: "totp" },
    });
  });
  return { recoveryCodes: codes };
}

/** Needs the password and a second factor (a TOTP code not used before, or a recovery code). */
export async function disableTotp(ctx: Ctx, input: TDisableTotp) {
  const u = await db().user.findFirstOrThrow({ where: { id: ctx.principal.userId, orgId: ctx.orgId } });
  if (!u.totpEnabledAt) throw new AppError("conflict", "Two-factor authentication is already off");
  await assertReauthAllowed(ctx, "user.mfa.disable", { id: u.id, label: u.email });
  const refuse = async (reason: string, path: "password" | "code", message: string) => {
    await countReauthFailure(ctx);
    await recordAuditNow(ctx.orgId, ctx.meta, {
      action: "user.mfa.disable",
      outcome: "failure",
      target: { type: "user", id: u.id, label: u.email },
      data: { reason },
    });
    throw new AppError("validation", message, { fields: [{ path, message }] });
  };
  if (!u.passwordHash || !(await verifyPassword(input.password, u.passwordHash))) {
    await refuse("bad_password", "password", "Password is not correct");
  }
  const second = await consumeSecondFactor(u, input.code);
  if (second !== "ok") {
    await refuse(
      second === "reused" ? "second_factor_reused" : "bad_second_factor",
      "code",
      second === "reused" ? "This code was already used; wait for the next one" : "The code is not valid",
    );
  }
  await db().$transaction(async (tx) => {
    await tx.user.update({
      where: { id: u.id },
      data: { totpEnabledAt: null, totpSecretEnc: null, totpLastStep: null, recoveryCodes: [] },
    });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "user.mfa.disable",
      outcome: "success",
      target: { type: "user", id: u.id, label: u.email },
    });
  });
}
