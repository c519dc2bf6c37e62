import { db } from "../db";

/** A challenge answers within this time or not at all. */
export const CHALLENGE_TTL_MS = 5 * 60_000;

/** Open challenges kept per user: asking for options again and again cannot grow the table. */
export const MAX_OPEN_CHALLENGES = 10;

export type ChallengePurpose = "register" | "authenticate";

/**
 * Stores a challenge the server just issued. The user's expired ones are swept on the way, and
 * past MAX_OPEN_CHALLENGES the oldest open ones are dropped (an answer to those is then refused).
 */
export async function storeChallenge(userId: string, purpose: ChallengePurpose, challenge: string): Promise<void> {
  const now = new Date();
  await db().webAuthnChallenge.deleteMany({ where: { userId, expiresAt: { lte: now } } });
  await db().webAuthnChallenge.create({
    data: { userId, purpose, challenge, expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS) },
  });
  const stale = await db().webAuthnChallenge.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    skip: MAX_OPEN_CHALLENGES,
    select: { id: true },
  });
  if (stale.length) await db().webAuthnChallenge.deleteMany({ where: { id: { in: stale.map((c) => c.id) } } });
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
