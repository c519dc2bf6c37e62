import { hashToken } from "@luminous/crypto";
import { db } from "../db";

/**
 * Whether an invitation link can still set a password, by the same rule as accepting it; lets the
 * page say a link is dead before anyone types a password. Reveals nothing the accept call does not:
 * a held invitation (another org has the account) is dead like an expired one.
 */
export async function inviteIsUsable(token: string): Promise<boolean> {
  if (token.length < 10 || token.length > 200) return false;
  const u = await db().user.findUnique({
    where: { inviteTokenHash: hashToken(token) },
    select: { inviteExpiresAt: true, status: true, heldEmail: true },
  });
  return Boolean(u?.inviteExpiresAt && u.inviteExpiresAt > new Date() && u.status === "active" && u.heldEmail === null);
}
