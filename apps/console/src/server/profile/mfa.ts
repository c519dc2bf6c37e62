import { decryptSecret, encryptSecret, hashToken } from "@luminous/crypto";
import { recordAudit } from "../audit/record-audit";
import { verifyPassword } from "../auth/password";
import { totpAad } from "../auth/second-factor";
import { newRecoveryCodes, newTotpSecret, otpauthUri, verifyTotp } from "../auth/totp";
import { db } from "../db";
import { masterKey } from "../env";
import { AppError } from "../http/errors";
import type { Ctx } from "../http/guard";

/**
 * Enrolment in two steps: start stores a pending secret (encrypted) and returns it for the
 * authenticator app; confirm checks a code from it, turns TOTP on and returns recovery codes once.
 */
export async function startTotp(ctx: Ctx) {
  const u = await db().user.findFirstOrThrow({ where: { id: ctx.principal.userId, orgId: ctx.orgId } });
  if (u.totpEnabledAt) throw new AppError("conflict", "Two-factor authentication is already on");
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
  if (!verifyTotp(secret, code)) {
    throw new AppError("validation", "The code does not match; check the time on your device", {
      fields: [{ path: "code", message: "The code does not match" }],
    });
  }
  const codes = newRecoveryCodes();
  await db().$transaction(async (tx) => {
    await tx.user.update({
      where: { id: u.id },
      data: { totpEnabledAt: new Date(), recoveryCodes: codes.map((c) => hashToken(c)) },
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

export async function disableTotp(ctx: Ctx, password: string) {
  const u = await db().user.findFirstOrThrow({ where: { id: ctx.principal.userId, orgId: ctx.orgId } });
  if (!u.passwordHash || !(await verifyPassword(password, u.passwordHash))) {
    throw new AppError("validation", "Password is not correct", {
      fields: [{ path: "password", message: "Password is not correct" }],
    });
  }
  await db().$transaction(async (tx) => {
    await tx.user.update({
      where: { id: u.id },
      data: { totpEnabledAt: null, totpSecretEnc: null, recoveryCodes: [] },
    });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "user.mfa.disable",
      outcome: "success",
      target: { type: "user", id: u.id, label: u.email },
    });
  });
}
