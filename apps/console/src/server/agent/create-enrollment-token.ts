import { hashToken, newToken } from "@luminous/crypto";
import type { Tx } from "../db";
import { AppError } from "../http/errors";
import { ensureSigningKey } from "../signing-keys/ensure-signing-key";

export interface CreateEnrollmentTokenInput {
  name: string;
  expiresAt: Date;
  /** null = unlimited uses until expiry. */
  maxUses: number | null;
  groupId: string | null;
  createdById: string | null;
}

/**
 * Creates an enrollment token; the returned string is shown once and never stored (only the
 * SHA-256 of its secret part is). The caller records the audit event with its own request meta.
 */
export async function createEnrollmentToken(
  tx: Tx,
  orgId: string,
  input: CreateEnrollmentTokenInput,
): Promise<{ id: string; token: string; expiresAt: Date }> {
  if (input.expiresAt.getTime() <= Date.now()) {
    throw new AppError("validation", "expiresAt must be in the future", {
      fields: [{ path: "expiresAt", message: "must be in the future" }],
    });
  }
  if (input.maxUses !== null && (!Number.isInteger(input.maxUses) || input.maxUses < 1)) {
    throw new AppError("validation", "maxUses must be a positive integer", {
      fields: [{ path: "maxUses", message: "must be a positive integer" }],
    });
  }
  if (input.groupId) {
    const group = await tx.group.findFirst({ where: { id: input.groupId, orgId }, select: { id: true } });
    if (!group)
      throw new AppError("validation", "Unknown group", { fields: [{ path: "groupId", message: "not found" }] });
  }
  const key = await ensureSigningKey(tx, orgId);
  const secret = newToken("lnxe");
  const row = await tx.enrollmentToken.create({
    data: {
      orgId,
      name: input.name,
      tokenHash: hashToken(secret),
      prefix: secret.slice(0, 12),
      groupId: input.groupId,
      maxUses: input.maxUses,
      expiresAt: input.expiresAt,
      createdById: input.createdById,
    },
    select: { id: true, expiresAt: true },
  });
  return { id: row.id, token: `${secret}.${key.keyId}`, expiresAt: row.expiresAt };
}
