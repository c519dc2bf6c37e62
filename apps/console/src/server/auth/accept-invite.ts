import { hashToken } from "@luminous/crypto";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import { AppError } from "../http/errors";
import type { TAcceptInvite } from "../users/schemas";
import { hashPassword } from "./password";

/** Sets a first password from a one-time invitation link; the link then stops working. */
export async function acceptInvite(input: TAcceptInvite, meta: { ip?: string | null; userAgent?: string | null }) {
  const user = await db().user.findUnique({ where: { inviteTokenHash: hashToken(input.token) } });
  if (
    !user?.inviteExpiresAt ||
    user.inviteExpiresAt <= new Date() ||
    user.status !== "active" ||
    user.heldEmail !== null
  ) {
    // A held invitation (its email has an account in another org) is dead like an expired one.
    throw new AppError("not_found", "This invitation link is invalid or has expired; ask an admin for a new one");
  }
  const passwordHash = await hashPassword(input.password);
  await db().$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: { passwordHash, inviteTokenHash: null, inviteExpiresAt: null, lockedUntil: null },
    });
    await recordAudit(
      tx,
      user.orgId,
      { actor: { type: "user", id: user.id, label: user.email }, ip: meta.ip, userAgent: meta.userAgent },
      { action: "user.invite.accept", outcome: "success", target: { type: "user", id: user.id, label: user.email } },
    );
  });
  return { email: user.email };
}
