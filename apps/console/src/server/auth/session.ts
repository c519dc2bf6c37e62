import type { Role } from "@luminous/db";
import { decode } from "next-auth/jwt";
import { db, type Tx } from "../db";
import { env } from "../env";

export interface SessionUser {
  id: string;
  orgId: string;
  email: string;
  name: string;
  role: Role;
  sessionId: string;
  mfa: boolean;
}

export function sessionCookieName(): string {
  return env().PUBLIC_URL.startsWith("https://") ? "__Secure-next-auth.session-token" : "next-auth.session-token";
}

function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/;\s*/)) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq) === name) return decodeURIComponent(part.slice(eq + 1));
  }
  return undefined;
}

/** The session id inside the (encrypted) next-auth cookie, if the cookie is valid. */
export async function sessionIdFromCookies(cookieHeader: string | null): Promise<string | undefined> {
  const raw = readCookie(cookieHeader, sessionCookieName());
  if (!raw) return undefined;
  try {
    const token = await decode({ token: raw, secret: env().AUTH_SECRET });
    return typeof token?.sid === "string" ? token.sid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A session counts only while its row says so: not revoked, not past its absolute expiry, not
 * idle too long, and its user still active. Deactivating a user or signing out revokes the row,
 * which ends the session on every node at once.
 */
export async function resolveSession(sessionId: string): Promise<SessionUser | null> {
  const s = await db().session.findUnique({ where: { id: sessionId }, include: { user: true } });
  if (!s || s.revokedAt || s.expiresAt <= new Date() || s.user.status !== "active") return null;
  const idleMs = env().SESSION_IDLE_SECONDS * 1000;
  if (Date.now() - s.lastSeenAt.getTime() > idleMs) {
    await db().session.update({ where: { id: s.id }, data: { revokedAt: new Date(), revokedWhy: "idle" } });
    return null;
  }
  if (Date.now() - s.lastSeenAt.getTime() > 60_000) {
    await db().session.update({ where: { id: s.id }, data: { lastSeenAt: new Date() } });
  }
  return {
    id: s.user.id,
    orgId: s.orgId,
    email: s.user.email,
    name: s.user.name,
    role: s.user.role,
    sessionId: s.id,
    mfa: s.mfa,
  };
}

export async function revokeUserSessions(userId: string, why: string, tx: Pick<Tx, "session"> = db()): Promise<number> {
  const r = await tx.session.updateMany({
    where: { userId, revokedAt: null },
    data: { revokedAt: new Date(), revokedWhy: why },
  });
  return r.count;
}
