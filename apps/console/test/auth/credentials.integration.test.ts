import { encryptSecret } from "@luminous/crypto";
import { describe, expect, it } from "vitest";
import * as totp from "@/app/api/v1/me/mfa/totp/route";
import * as password from "@/app/api/v1/me/password/route";
import * as me from "@/app/api/v1/me/route";
import * as deactivate from "@/app/api/v1/users/[id]/deactivate/route";
import * as reactivate from "@/app/api/v1/users/[id]/reactivate/route";
import { REAUTH_LIMITS } from "@/server/auth/reauth-limit";
import { totpAad } from "@/server/auth/second-factor";
import { newTotpSecret } from "@/server/auth/totp";
import { masterKey } from "@/server/env";
import { call, makeOrg, setupTestDatabase } from "../harness";

const t = setupTestDatabase();
const whoami = (token: string) => call(me.GET, "GET", "/api/v1/me", { token });

describe("API tokens after deactivation and password changes", () => {
  it("deactivation revokes the user's tokens for good: reactivating does not revive them", async () => {
    const org = await makeOrg();
    const { id, token } = org.users.viewer;
    expect((await whoami(token)).status).toBe(200);
    const owner = org.users.owner.token;
    expect(
      (await call(deactivate.POST, "POST", `/api/v1/users/${id}/deactivate`, { token: owner, params: { id } })).status,
    ).toBe(200);
    expect((await whoami(token)).status).toBe(401);
    expect(
      (await call(reactivate.POST, "POST", `/api/v1/users/${id}/reactivate`, { token: owner, params: { id } })).status,
    ).toBe(200);
    expect((await whoami(token)).status).toBe(401);
    const rows = await t.db.prisma.apiToken.findMany({ where: { userId: id } });
    expect(rows.every((r) => r.revokedAt !== null)).toBe(true);
    const ev = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { orgId: org.orgId, action: "user.deactivate" },
    });
    expect(ev.data).toMatchObject({ tokensRevoked: 1 });
  });

  it("a password change revokes the user's tokens when asked, and only then", async () => {
    const org = await makeOrg();
    const keep = org.users.auditor;
    const r1 = await call(password.POST, "POST", "/api/v1/me/password", {
      token: keep.token,
      body: { currentPassword: org.password, newPassword: "a-new-password-1" },
    });
    expect(r1.status).toBe(204);
    expect((await whoami(keep.token)).status).toBe(200);

    const drop = org.users.helpdesk;
    const r2 = await call(password.POST, "POST", "/api/v1/me/password", {
      token: drop.token,
      body: { currentPassword: org.password, newPassword: "a-new-password-2", revokeApiTokens: true },
    });
    expect(r2.status).toBe(204);
    expect((await whoami(drop.token)).status).toBe(401);
  });
});

describe("wrong current passwords are rate-limited", () => {
  it("per user: after the limit even the right password gets 429, and the refusal is audited", async () => {
    const org = await makeOrg();
    const { token } = org.users.admin;
    for (let i = 0; i < REAUTH_LIMITS.perUser; i++) {
      const r = await call(password.POST, "POST", "/api/v1/me/password", {
        token,
        body: { currentPassword: `wrong-${i}`, newPassword: "another-password-1" },
      });
      expect(r.status).toBe(422);
    }
    const limited = await call(password.POST, "POST", "/api/v1/me/password", {
      token,
      body: { currentPassword: org.password, newPassword: "another-password-1" },
    });
    expect(limited.status).toBe(429);
    expect(limited.json.error.message).toMatch(/Too many wrong attempts; try again in \d+ seconds/);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Turning TOTP off checks the password too, and shares the budget.
    await t.db.prisma.user.update({
      where: { id: org.users.admin.id },
      data: {
        totpEnabledAt: new Date(),
        totpSecretEnc: encryptSecret(masterKey(), newTotpSecret(), totpAad(org.users.admin.id)),
      },
    });
    const off = await call(totp.DELETE, "DELETE", "/api/v1/me/mfa/totp", {
      token,
      body: { password: org.password, code: "123456" },
    });
    expect(off.status).toBe(429);
    const reasons = (
      await t.db.prisma.auditEvent.findMany({
        where: { orgId: org.orgId, action: "user.password.change", outcome: "failure" },
      })
    ).map((e) => (e.data as { reason: string }).reason);
    expect(reasons.filter((r) => r === "bad_password")).toHaveLength(REAUTH_LIMITS.perUser);
    expect(reasons).toContain("rate_limited");
    // Another user at another address is not affected.
    const other = await call(password.POST, "POST", "/api/v1/me/password", {
      token: org.users.viewer.token,
      from: "198.51.100.90",
      body: { currentPassword: org.password, newPassword: "another-password-2" },
    });
    expect(other.status).toBe(204);
  });

  it("per address: many users' sessions from one address are limited together", async () => {
    const orgs = await Promise.all([0, 1, 2, 3, 4].map(() => makeOrg()));
    const from = "192.0.2.200";
    const statuses: number[] = [];
    for (const o of orgs)
      for (const role of ["viewer", "auditor", "helpdesk", "security_admin", "admin"] as const) {
        const r = await call(password.POST, "POST", "/api/v1/me/password", {
          token: o.users[role].token,
          from,
          body: { currentPassword: "wrong", newPassword: "another-password-3" },
        });
        statuses.push(r.status);
      }
    expect(statuses.slice(0, REAUTH_LIMITS.perAddress)).toEqual(Array(REAUTH_LIMITS.perAddress).fill(422));
    expect(statuses.slice(REAUTH_LIMITS.perAddress)).toEqual(Array(25 - REAUTH_LIMITS.perAddress).fill(429));
  });
});
