import { describe, expect, it, vi } from "vitest";
import * as unlockRoute from "@/app/api/v1/users/[id]/unlock/route";
import { dummyHash } from "@/server/auth/password";
import { FREE_FAILURES, THROTTLED_MESSAGE } from "@/server/auth/sign-in-throttle";
import { SIGNIN_ERRORS, signInWithPassword } from "@/server/auth/sign-in-with-password";
import { call, makeOrg, setupTestDatabase } from "../harness";

// The real scrypt verification, observed: which hash each attempt was checked against.
const verified = vi.hoisted(() => [] as string[]);
vi.mock("@/server/auth/password", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/server/auth/password")>();
  return {
    ...real,
    verifyPassword: async (password: string, stored: string) => {
      verified.push(stored);
      return real.verifyPassword(password, stored);
    },
  };
});

const t = setupTestDatabase();
const attempt = (email: string, password: string, ip: string) =>
  signInWithPassword({ email, password }, { ip, userAgent: "vitest" }).then(
    () => "signed in",
    (e: Error) => e.message.replace(/\d+ seconds/, "N seconds"),
  );

describe("password sign-in throttling", () => {
  it("throttles the attacker's address, not the owner, who still signs in from theirs", async () => {
    const org = await makeOrg();
    const { email } = org.users.owner;
    const attacker = "203.0.113.66";
    const answers: string[] = [];
    for (let i = 0; i < FREE_FAILURES + 2; i++) answers.push(await attempt(email, `guess-${i}`, attacker));
    expect(answers.slice(0, FREE_FAILURES + 1)).toEqual(Array(FREE_FAILURES + 1).fill(SIGNIN_ERRORS.invalid));
    expect(answers[FREE_FAILURES + 1]).toBe(`${THROTTLED_MESSAGE}; try again in N seconds`);
    // Even the right password waits from the attacker's address...
    expect(await attempt(email, org.password, attacker)).toMatch(THROTTLED_MESSAGE);
    // ...while the owner signs in from their own.
    expect(await attempt(email, org.password, "198.51.100.20")).toBe("signed in");
    const user = await t.db.prisma.user.findUniqueOrThrow({ where: { id: org.users.owner.id } });
    expect(user.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
  });

  it("answers a known and an unknown email identically, checking the unknown one against the dummy hash", async () => {
    const org = await makeOrg();
    const run = async (email: string, ip: string) => {
      verified.length = 0;
      const answers: string[] = [];
      for (let i = 0; i < FREE_FAILURES + 3; i++) answers.push(await attempt(email, `wrong-${i}`, ip));
      return { answers, verified: [...verified] };
    };
    const known = await run(org.users.viewer.email, "192.0.2.31");
    const unknown = await run(`nobody-${Date.now()}@${org.orgId}.test`, "192.0.2.32");
    expect(unknown.answers).toEqual(known.answers);
    expect(known.answers).toContain(`${THROTTLED_MESSAGE}; try again in N seconds`);
    // The same number of scrypt verifications; the unknown email's all against the dummy hash.
    expect(unknown.verified.length).toBe(known.verified.length);
    expect(new Set(unknown.verified)).toEqual(new Set([await dummyHash()]));
    const stored = (await t.db.prisma.user.findUniqueOrThrow({ where: { id: org.users.viewer.id } })).passwordHash;
    expect(new Set(known.verified)).toEqual(new Set([stored]));
  });

  it("tells the account's owner once when an address starts being throttled", async () => {
    const org = await makeOrg();
    const { email, id } = org.users.auditor;
    for (let i = 0; i < FREE_FAILURES + 4; i++) await attempt(email, `x-${i}`, "203.0.113.77");
    const notices = await t.db.prisma.notice.findMany({ where: { userId: id } });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: "security.signin_failures", orgId: org.orgId });
    expect(notices[0]!.body).toContain("203.0.113.77");
    const audit = await t.db.prisma.auditEvent.findMany({
      where: { orgId: org.orgId, action: "auth.signin", outcome: "failure", ip: "203.0.113.77" },
    });
    expect(audit.map((e) => (e.data as { reason: string }).reason)).toContain("bad_password_throttled");
  });

  it("an admin's unlock clears the throttling from every address", async () => {
    const org = await makeOrg();
    const { email, id } = org.users.helpdesk;
    for (let i = 0; i < FREE_FAILURES + 1; i++) await attempt(email, `y-${i}`, "192.0.2.40");
    expect(await attempt(email, org.password, "192.0.2.40")).toMatch(THROTTLED_MESSAGE);
    const r = await call(unlockRoute.POST, "POST", `/api/v1/users/${id}/unlock`, {
      token: org.users.admin.token,
      params: { id },
    });
    expect(r.status).toBe(200);
    expect(r.json.locked).toBe(false);
    expect(await attempt(email, org.password, "192.0.2.40")).toBe("signed in");
  });
});
