import { hashToken } from "@luminous/crypto";
import type { Role } from "@luminous/db";
import { resolveSession, sessionIdFromCookies } from "../auth/session";
import { db } from "../db";
import { env } from "../env";
import { AppError } from "./errors";

export interface Principal {
  orgId: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
  via: "session" | "api_token";
  sessionId: string | null;
  tokenId: string | null;
}

export const API_TOKEN_PREFIX = "lnx_pat";

async function fromBearer(token: string): Promise<Principal> {
  const t = await db().apiToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!t || t.revokedAt || (t.expiresAt && t.expiresAt <= new Date()) || t.user.status !== "active") {
    throw new AppError("unauthenticated", "API token is invalid, expired or revoked");
  }
  if (!t.lastUsedAt || Date.now() - t.lastUsedAt.getTime() > 60_000) {
    await db().apiToken.update({ where: { id: t.id }, data: { lastUsedAt: new Date() } });
  }
  // A token acts with its creator's current role: demoting the user demotes the token.
  return {
    orgId: t.orgId,
    userId: t.userId,
    email: t.user.email,
    name: t.user.name,
    role: t.user.role,
    via: "api_token",
    sessionId: null,
    tokenId: t.id,
  };
}

/**
 * Cookie sessions are browser requests: a state-changing one must come from the console's own
 * origin (CSRF). SameSite=Lax cookies already stop most; this closes the rest.
 */
function checkSameOrigin(req: Request): void {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return;
  const origin = req.headers.get("origin");
  const site = req.headers.get("sec-fetch-site");
  if (site === "cross-site") throw new AppError("forbidden", "Cross-site request refused");
  if (!origin) return;
  const allowed = new Set([new URL(env().PUBLIC_URL).origin, new URL(req.url).origin]);
  const host = req.headers.get("host");
  if (host) allowed.add(`${new URL(req.url).protocol}//${host}`);
  if (!allowed.has(origin)) throw new AppError("forbidden", "Cross-origin request refused");
}

export async function authenticate(req: Request): Promise<Principal> {
  const auth = req.headers.get("authorization");
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!m?.[1]) throw new AppError("unauthenticated", "Authorization header must be 'Bearer <token>'");
    return fromBearer(m[1]);
  }
  const sid = await sessionIdFromCookies(req.headers.get("cookie"));
  const s = sid ? await resolveSession(sid) : null;
  if (!s) throw new AppError("unauthenticated", "Sign in required");
  checkSameOrigin(req);
  return {
    orgId: s.orgId,
    userId: s.id,
    email: s.email,
    name: s.name,
    role: s.role,
    via: "session",
    sessionId: s.sessionId,
    tokenId: null,
  };
}
