/**
 * Integration harness: a fresh database per test file, the console's env pointed at it, and
 * helpers to create orgs with one user (and API token) per role and to call route handlers
 * with real Request objects, exactly as Next.js does.
 */
import { randomBytes } from "node:crypto";
import type { Role } from "@luminous/db";
import { createTestDatabase, type TestDatabase } from "@luminous/testkit";
import { afterAll, beforeAll } from "vitest";
import { resetEnvForTests } from "@/server/env";
import { socketAddressHeaders } from "@/server/http/client-address";

export const PUBLIC_URL = "http://console.test";

export function setupTestDatabase(): { readonly db: TestDatabase } {
  const box = {} as { db: TestDatabase };
  beforeAll(async () => {
    box.db = await createTestDatabase();
    process.env.DATABASE_URL = box.db.url;
    process.env.AUTH_SECRET = randomBytes(32).toString("hex");
    process.env.MASTER_KEY = randomBytes(32).toString("base64");
    process.env.PUBLIC_URL = PUBLIC_URL;
    process.env.LOG_LEVEL = "error";
    // The test peers (slapd, the OIDC provider, SMTP...) listen on loopback.
    process.env.EGRESS_ALLOW = "127.0.0.0/8,::1";
    resetEnvForTests();
  });
  afterAll(async () => {
    const { closeDatabases } = await import("@/server/db");
    await closeDatabases();
    await box.db?.drop();
  });
  return box;
}

export const ALL_ROLES: Role[] = ["owner", "admin", "security_admin", "auditor", "helpdesk", "viewer"];

export interface TestOrg {
  orgId: string;
  users: Record<Role, { id: string; email: string; token: string }>;
  password: string;
}

let orgCounter = 0;

/** An org with one active user per role, each with a personal API token. */
export async function makeOrg(label = "org"): Promise<TestOrg> {
  const { createOrgWithOwner } = await import("@/server/seed/create-org");
  const { db } = await import("@/server/db");
  const { hashToken, newToken } = await import("@luminous/crypto");
  const n = ++orgCounter;
  const password = `pw-${randomBytes(8).toString("hex")}`;
  const slug = `${label}-${n}-${randomBytes(3).toString("hex")}`;
  const { org, owner } = await createOrgWithOwner({
    name: `${label} ${n}`,
    slug,
    owner: { email: `owner@${slug}.test`, name: "Owner", password },
  });
  const users = {} as TestOrg["users"];
  for (const role of ALL_ROLES) {
    const u =
      role === "owner"
        ? owner
        : await db().user.create({
            data: { orgId: org.id, email: `${role}@${slug}.test`, name: role, role, passwordHash: owner.passwordHash },
          });
    const token = newToken("lnx_pat");
    await db().apiToken.create({
      data: { orgId: org.id, userId: u.id, name: "test", tokenHash: hashToken(token), prefix: token.slice(0, 14) },
    });
    users[role] = { id: u.id, email: u.email, token };
  }
  return { orgId: org.id, users, password };
}

type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface CallOptions {
  token?: string;
  body?: unknown;
  rawBody?: string;
  params?: Record<string, string>;
  headers?: Record<string, string>;
  /** The client's socket address (203.0.113.7). */
  from?: string;
}

/** Calls a route handler the way Next.js would, returning status and parsed JSON. */
export async function call(handler: RouteHandler, method: string, path: string, opts: CallOptions = {}) {
  // As a direct client at 203.0.113.7, the way scripts/start.mjs passes the socket address on.
  const headers: Record<string, string> = {
    "user-agent": "vitest",
    ...socketAddressHeaders(opts.from ?? "203.0.113.7"),
    ...opts.headers,
  };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await handler(new Request(`${PUBLIC_URL}${path}`, { method, headers, body }), {
    params: Promise.resolve(opts.params ?? {}),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  // biome-ignore lint/suspicious/noExplicitAny: test convenience for reading response bodies
  return { status: res.status, json: json as any, headers: res.headers };
}

/** A console session for a user, as after a sign-in: the Session row and the browser's cookie header. */
export async function signedInSession(userId: string, orgId: string): Promise<{ sessionId: string; cookie: string }> {
  const { db } = await import("@/server/db");
  const { sessionCookieHeader } = await import("@/server/sso/session-cookie");
  const s = await db().session.create({
    data: { orgId, userId, expiresAt: new Date(Date.now() + 3_600_000) },
  });
  const setCookie = await sessionCookieHeader(userId, s.id);
  return { sessionId: s.id, cookie: setCookie.split(";")[0]! };
}

/** Turns TOTP on for a user (as a confirmed enrolment would), with optional recovery codes; returns the secret. */
export async function withTotp(userId: string, recovery: string[] = []): Promise<string> {
  const { db } = await import("@/server/db");
  const { encryptSecret, hashToken } = await import("@luminous/crypto");
  const { totpAad } = await import("@/server/auth/second-factor");
  const { newTotpSecret } = await import("@/server/auth/totp");
  const { masterKey } = await import("@/server/env");
  const secret = newTotpSecret();
  await db().user.update({
    where: { id: userId },
    data: {
      totpSecretEnc: encryptSecret(masterKey(), secret, totpAad(userId)),
      totpEnabledAt: new Date(),
      recoveryCodes: recovery.map((c) => hashToken(c)),
    },
  });
  return secret;
}
