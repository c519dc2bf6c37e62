import { db } from "../db";
import type { Ctx } from "../http/guard";
import type { TSecondFactorProof } from "../webauthn/schemas";
import { verifyAssertion } from "../webauthn/verify-assertion";
import { consumeSecondFactor } from "./second-factor";

export type SecondFactorKind = "totp" | "recovery_code" | "webauthn";

export type FreshSecondFactor =
  | { ok: true; factor: SecondFactorKind; at: Date; detail: string | null }
  | { ok: false; reason: string; message: string; path: "code" | "webauthn" };

/** Which second factors the signed-in user has turned on. */
export async function secondFactorsOf(userId: string): Promise<{ totp: boolean; webauthn: boolean }> {
  const u = await db().user.findUniqueOrThrow({
    where: { id: userId },
    select: { totpEnabledAt: true, _count: { select: { webauthnCredentials: true } } },
  });
  return { totp: u.totpEnabledAt !== null, webauthn: u._count.webauthnCredentials > 0 };
}

/**
 * Verifies a fresh second factor of the signed-in user, of either kind: a TOTP code (each time
 * step once) or a recovery code (once), or a security-key assertion (challenge once, counter
 * forward). Used by approval decisions on require_mfa, console step-up and removing a key.
 * A TOTP secret whose set-up was started but never confirmed does not count.
 * The caller records its own refusal; a security-key refusal is also recorded as user.webauthn.use.
 */
export async function verifyFreshSecondFactor(
  ctx: Ctx,
  proof: TSecondFactorProof,
  purpose: string,
): Promise<FreshSecondFactor> {
  const user = await db().user.findFirstOrThrow({
    where: { id: ctx.principal.userId, orgId: ctx.orgId },
    select: { id: true, totpSecretEnc: true, totpEnabledAt: true, recoveryCodes: true },
  });
  const has = await secondFactorsOf(user.id);
  if (!has.totp && !has.webauthn) {
    return {
      ok: false,
      reason: "no_second_factor",
      message: "This needs a second factor: set up TOTP or a security key on your profile first",
      path: "code",
    };
  }
  if (proof.webauthn) {
    const r = await verifyAssertion(ctx, proof.webauthn, purpose);
    if (!r.ok) return { ok: false, reason: `webauthn_${r.reason}`, message: r.message, path: "webauthn" };
    return { ok: true, factor: "webauthn", at: new Date(), detail: r.credential.name };
  }
  if (!proof.code) {
    return {
      ok: false,
      reason: "second_factor_missing",
      message: "A fresh second factor is required: a code from your authenticator app or your security key",
      path: "code",
    };
  }
  if (!has.totp) {
    return {
      ok: false,
      reason: "invalid_second_factor",
      message: "You have no authenticator app set up: use your security key",
      path: "code",
    };
  }
  const r = await consumeSecondFactor(user, proof.code);
  if (r === "reused") {
    return {
      ok: false,
      reason: "second_factor_reused",
      message: "This code was already used: wait for the next one",
      path: "code",
    };
  }
  if (r !== "ok") {
    return {
      ok: false,
      reason: "invalid_second_factor",
      message: "The second-factor code is wrong or expired",
      path: "code",
    };
  }
  return { ok: true, factor: /^\d{6}$/.test(proof.code) ? "totp" : "recovery_code", at: new Date(), detail: null };
}
