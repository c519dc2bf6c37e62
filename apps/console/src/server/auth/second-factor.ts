import { decryptSecret, hashToken } from "@luminous/crypto";
import { db } from "../db";
import { masterKey } from "../env";
import { verifyTotp } from "./totp";

interface MfaUser {
  id: string;
  totpSecretEnc: string | null;
  recoveryCodes: string[];
}

export function totpAad(userId: string): string {
  return `totp:${userId}`;
}

/** A TOTP code, or a one-time recovery code (removed once used). */
export async function consumeSecondFactor(user: MfaUser, code: string): Promise<boolean> {
  if (!user.totpSecretEnc) return false;
  if (/^\d{6}$/.test(code)) {
    return verifyTotp(decryptSecret(masterKey(), user.totpSecretEnc, totpAad(user.id)), code);
  }
  const h = hashToken(code.toLowerCase());
  if (!user.recoveryCodes.includes(h)) return false;
  const r = await db().user.updateMany({
    where: { id: user.id, recoveryCodes: { has: h } },
    data: { recoveryCodes: user.recoveryCodes.filter((c) => c !== h) },
  });
  return r.count === 1;
}
