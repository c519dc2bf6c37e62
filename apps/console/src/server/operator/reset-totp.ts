import type { AuditMeta } from "../audit/record-audit";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db";

/** Turns a user's authenticator app off (secret and recovery codes dropped), ends their sessions; audited. */
export async function resetTotp(user: { id: string; orgId: string; email: string }, meta: AuditMeta): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const u = await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpEnabledAt: true } });
    await tx.user.update({
      where: { id: user.id },
      data: { totpSecretEnc: null, totpEnabledAt: null, totpLastStep: null, recoveryCodes: [] },
    });
    await tx.session.updateMany({
      where: { userId: user.id, revokedAt: null },
      data: { revokedAt: new Date(), revokedWhy: "mfa_reset" },
    });
    await recordAudit(tx, user.orgId, meta, {
      action: "user.mfa.reset",
      outcome: "success",
      target: { type: "user", id: user.id, label: user.email },
      data: { wasEnabled: u.totpEnabledAt !== null },
    });
    return u.totpEnabledAt !== null;
  });
}
