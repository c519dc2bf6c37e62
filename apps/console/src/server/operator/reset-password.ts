import { randomBytes } from "node:crypto";
import type { AuditMeta } from "../audit/record-audit";
import { recordAudit } from "../audit/record-audit";
import { hashPassword } from "../auth/password";
import { db } from "../db";

/**
 * Sets a user's password (a generated one when none is given), unlocks the account and ends its
 * sessions; audited as user.password.reset. Returns the password set.
 */
export async function resetPassword(
  user: { id: string; orgId: string; email: string },
  meta: AuditMeta,
  password = randomBytes(15).toString("base64url"),
): Promise<string> {
  if (password.length < 12) throw new Error("the password must have at least 12 characters");
  const passwordHash = await hashPassword(password);
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, lockedUntil: null } });
    await tx.session.updateMany({
      where: { userId: user.id, revokedAt: null },
      data: { revokedAt: new Date(), revokedWhy: "password_reset" },
    });
    await recordAudit(tx, user.orgId, meta, {
      action: "user.password.reset",
      outcome: "success",
      target: { type: "user", id: user.id, label: user.email },
    });
  });
  return password;
}
