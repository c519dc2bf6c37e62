import { db, type Tx } from "../db";
import { revokeUserSessions } from "./session";

/**
 * Deactivation ends everything the user could act with: sessions and API tokens are revoked
 * (not merely refused while deactivated), so reactivating the account does not revive them.
 */
export async function endUserCredentials(
  userId: string,
  why: string,
  tx: Pick<Tx, "session" | "apiToken"> = db(),
): Promise<{ sessionsEnded: number; tokensRevoked: number }> {
  const sessionsEnded = await revokeUserSessions(userId, why, tx);
  const tokensRevoked = await revokeUserApiTokens(userId, tx);
  return { sessionsEnded, tokensRevoked };
}

export async function revokeUserApiTokens(userId: string, tx: Pick<Tx, "apiToken"> = db()): Promise<number> {
  const r = await tx.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return r.count;
}
