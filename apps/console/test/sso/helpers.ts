/** Shared by the SSO integration tests: orgs that claim a domain, ACS posts, audit lookups. */
import { randomBytes } from "node:crypto";
import type { TestDatabase } from "@luminous/testkit";
import { decode } from "next-auth/jwt";
import { expect } from "vitest";
import { socketAddressHeaders } from "@/server/http/client-address";
import { makeOrg, PUBLIC_URL, type TestOrg } from "../harness";

export async function makeSsoOrg(
  t: { db: TestDatabase },
  domain: string,
): Promise<TestOrg & { groups: Record<string, string> }> {
  const org = await makeOrg("sso");
  await t.db.prisma.org.update({ where: { id: org.orgId }, data: { domains: [domain] } });
  const groups: Record<string, string> = {};
  for (const name of ["Platform", "Support", "Engineering"]) {
    const g = await t.db.prisma.group.create({ data: { orgId: org.orgId, name } });
    groups[name] = g.id;
  }
  return { ...org, groups };
}

export const uniq = () => randomBytes(4).toString("hex");

/** The most recent refused sign-in in this org, with the reason the console recorded. */
export async function lastFailure(t: { db: TestDatabase }, orgId: string) {
  const ev = await t.db.prisma.auditEvent.findFirst({
    where: { orgId, action: "auth.signin", outcome: "failure" },
    orderBy: { serverSeq: "desc" },
  });
  return ev
    ? { ...(ev.data as { reason: string; method: string; idp: string; detail?: string }), actorLabel: ev.actorLabel }
    : null;
}

export async function failureCount(t: { db: TestDatabase }, orgId: string) {
  return t.db.prisma.auditEvent.count({ where: { orgId, action: "auth.signin", outcome: "failure" } });
}

/** Expects one more refused sign-in, for this reason, than before `act` ran. */
export async function expectRefused(
  t: { db: TestDatabase },
  orgId: string,
  reason: string,
  act: () => Promise<unknown>,
) {
  const before = await failureCount(t, orgId);
  await act();
  expect(await failureCount(t, orgId)).toBe(before + 1);
  const f = await lastFailure(t, orgId);
  expect(f?.reason, f?.detail).toBe(reason);
}

export function cookieValue(setCookies: string[], name: string): string | undefined {
  for (const c of setCookies) {
    const [pair] = c.split(";");
    const eq = pair!.indexOf("=");
    if (pair!.slice(0, eq) === name) return pair!.slice(eq + 1);
  }
  return undefined;
}

/** The sid inside a next-auth session cookie, as resolveSession would read it. */
export async function sidOf(sessionCookie: string | undefined): Promise<string | undefined> {
  if (!sessionCookie) return undefined;
  const token = await decode({ token: decodeURIComponent(sessionCookie), secret: process.env.AUTH_SECRET! });
  return typeof token?.sid === "string" ? token.sid : undefined;
}

export function formRequest(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return new Request(`${PUBLIC_URL}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "user-agent": "vitest",
      ...socketAddressHeaders("203.0.113.9"),
      ...headers,
    },
    body: new URLSearchParams(fields).toString(),
  });
}
