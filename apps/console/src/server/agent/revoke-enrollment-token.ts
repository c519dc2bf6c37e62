import type { Tx } from "../db";
import { notFound } from "../http/errors";

/** Revokes a token at once (further enrollments with it get 401 "revoked"); idempotent. */
export async function revokeEnrollmentToken(tx: Tx, orgId: string, tokenId: string): Promise<{ revokedAt: Date }> {
  const t = await tx.enrollmentToken.findFirst({ where: { id: tokenId, orgId }, select: { revokedAt: true } });
  if (!t) throw notFound("Enrollment token");
  if (t.revokedAt) return { revokedAt: t.revokedAt };
  const revokedAt = new Date();
  await tx.enrollmentToken.update({ where: { id: tokenId }, data: { revokedAt } });
  return { revokedAt };
}
