import { db } from "../db";

/** A challenge answers within this time or not at all. */
export const CHALLENGE_TTL_MS = 5 * 60_000;

export type ChallengePurpose = "register" | "authenticate";

/** Stores a challenge the server just issued; the user's expired ones are swept on the way. */
export async function storeChallenge(userId: string, purpose: ChallengePurpose, challenge: string): Promise<void> {
  const now = new Date();
  await db().webAuthnChallenge.deleteMany({ where: { userId, expiresAt: { lte: now } } });
  await db().webAuthnChallenge.create({
    data: { userId, purpose, challenge, expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS) },
  });
}

/** What the browser signed: the challenge, the origin and the ceremony type. */
export function readClientData(clientDataJSON: string): { challenge: string; origin: string; type: string } | null {
  try {
    const c = JSON.parse(Buffer.from(clientDataJSON, "base64url").toString("utf8")) as Record<string, unknown>;
    if (typeof c.challenge !== "string" || typeof c.origin !== "string" || typeof c.type !== "string") return null;
    return { challenge: c.challenge, origin: c.origin, type: c.type };
  } catch {
    return null;
  }
}

/**
 * Takes a challenge out of the store: true once, for the user it was issued to, for its purpose,
 * before it expires. A replayed response (same challenge) finds nothing the second time, even
 * when two requests race (the delete decides).
 */
export async function consumeChallenge(userId: string, purpose: ChallengePurpose, challenge: string): Promise<boolean> {
  const r = await db().webAuthnChallenge.deleteMany({
    where: { userId, purpose, challenge, expiresAt: { gt: new Date() } },
  });
  return r.count === 1;
}
