import { decryptSecret, hashToken } from "@luminous/crypto";
import { db } from "../db";
import { masterKey } from "../env";
import { matchTotpStep } from "./totp";

interface MfaUser {
  id: string;
  totpSecretEnc: string | null;
  recoveryCodes: string[];
}

export function totpAad(userId: string): string {
  return `totp:${userId}`;
}

/** `reused`: a valid TOTP code whose time step (or a later one) was already accepted. */
export type SecondFactorResult = "ok" | "invalid" | "reused";

/**
 * A TOTP code, or a one-time recovery code (removed once used). Every check of a second factor
 * (sign-in, step-up, turning TOTP off) goes through here, so a code is accepted at most once:
 * the accepted time step is recorded with a compare-and-set, and a code of that step or an
 * earlier one is refused afterwards (RFC 6238 section 5.2), even by two requests racing.
 */
export async function consumeSecondFactor(user: MfaUser, code: string): Promise<SecondFactorResult> {
  if (!user.totpSecretEnc) return "invalid";
  if (/^\d{6}$/.test(code)) {
    const step = matchTotpStep(decryptSecret(masterKey(), user.totpSecretEnc, totpAad(user.id)), code);
    if (step === null) return "invalid";
    const r = await db().user.updateMany({
      where: { id: user.id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    });
    return r.count === 1 ? "ok" : "reused";
  }
  const h = hashToken(code.toLowerCase());
  if (!user.recoveryCodes.includes(h)) return "invalid";
  // array_remove in the database: two different recovery codes used at once both stay spent.
  const n = await db().$executeRaw`
    UPDATE "User" SET "recoveryCodes" = array_remove("recoveryCodes", ${h})
    WHERE "id" = ${user.id}::uuid AND ${h} = ANY("recoveryCodes")`;
  return n === 1 ? "ok" : "reused";
}
