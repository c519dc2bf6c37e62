/**
 * The operator's command line against a real database: npm run admin (each action audited, as the
 * system named after the OS user), and audit:verify finding the demo's settings in its env file.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createTestDatabase, type TestDatabase } from "@luminous/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as meGET } from "@/app/api/v1/me/route";
import { verifyPassword } from "@/server/auth/password";
import { db } from "@/server/db";
import { resetEnvForTests } from "@/server/env";
import { createOrgWithOwner } from "@/server/seed/create-org";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const tsx = path.join(repoRoot, "node_modules/.bin/tsx");
let testDb: TestDatabase;
let secrets: Record<string, string>;
let orgId: string;
const slug = `ops-${randomBytes(3).toString("hex")}`;
const ownerEmail = `owner@${slug}.example`;

function cli(script: string, args: string[], env: Record<string, string | undefined> = {}) {
  // undefined removes a variable (execFile would pass the text "undefined")
  const merged: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "error", ...env };
  for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      tsx,
      [path.join(repoRoot, "apps/console/scripts", script), ...args],
      { cwd: repoRoot, timeout: 60_000, env: merged },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === "number" ? err.code : 99) : 0, stdout, stderr }),
    );
  });
}
const admin = (...args: string[]) => cli("admin.ts", args, secrets);
const auditActions = async (action: string) =>
  testDb.prisma.auditEvent.findMany({
    where: { orgId, action },
    select: { actorType: true, actorLabel: true, targetLabel: true },
  });

beforeAll(async () => {
  testDb = await createTestDatabase();
  secrets = {
    DATABASE_URL: testDb.url,
    AUTH_SECRET: randomBytes(32).toString("hex"),
    MASTER_KEY: randomBytes(32).toString("base64"),
  };
  Object.assign(process.env, secrets, { LOG_LEVEL: "error" });
  resetEnvForTests();
  const r = await createOrgWithOwner({
    name: "Ops",
    slug,
    domains: [`${slug}.example`],
    owner: { email: ownerEmail, name: "Ops Owner", password: "first-password-long" },
  });
  orgId = r.org.id;
}, 120_000);

afterAll(async () => {
  await db().$disconnect();
  await testDb?.drop().catch(() => {});
});

describe("npm run admin", () => {
  it("lists orgs and creates an API token that signs in as the user; both audited as the admin CLI", async () => {
    const list = await admin("list-orgs", "--json");
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toContainEqual(expect.objectContaining({ id: orgId, slug, users: 1, devices: 0 }));

    const t = await admin("create-api-token", "--email", ownerEmail, "--name", "ci", "--json");
    expect(t.code, t.stderr).toBe(0);
    const { token } = JSON.parse(t.stdout);
    const me = await meGET(
      new Request("http://localhost/api/v1/me", { headers: { authorization: `Bearer ${token}` } }),
    );
    expect(me.status).toBe(200);
    expect((await me.json()).email).toBe(ownerEmail);
    for (const action of ["org.list", "apitoken.create"]) {
      const [e] = await auditActions(action);
      expect(e?.actorType).toBe("system");
      expect(e?.actorLabel).toMatch(/^admin CLI \(/);
    }
  });

  it("resets a password and the authenticator app, and makes an enrollment token with the enroll command", async () => {
    const pw = await admin("reset-password", "--email", ownerEmail);
    expect(pw.code, pw.stderr).toBe(0);
    const password = /new password of \S+: (\S+)/.exec(pw.stdout)![1]!;
    const u = await testDb.prisma.user.findUniqueOrThrow({ where: { email: ownerEmail } });
    expect(await verifyPassword(password, u.passwordHash!)).toBe(true);
    expect(await verifyPassword("first-password-long", u.passwordHash!)).toBe(false);

    await testDb.prisma.user.update({ where: { id: u.id }, data: { totpEnabledAt: new Date(), recoveryCodes: ["x"] } });
    const totp = await admin("reset-totp", "--email", ownerEmail);
    expect(totp.stdout).toContain("authenticator app turned off");
    const after = await testDb.prisma.user.findUniqueOrThrow({ where: { id: u.id } });
    expect([after.totpEnabledAt, after.recoveryCodes]).toEqual([null, []]);

    const e = await admin("create-enrollment-token", "--org", slug, "--max-uses", "5", "--json");
    expect(e.code, e.stderr).toBe(0);
    const created = JSON.parse(e.stdout);
    expect(created.command).toMatch(/^luminous-agent enroll --server \S+ --token lnxe_/);
    expect(await testDb.prisma.enrollmentToken.count({ where: { orgId, id: created.id, maxUses: 5 } })).toBe(1);
    for (const action of ["user.password.reset", "user.mfa.reset", "enrollment_token.create"])
      expect((await auditActions(action)).length, action).toBe(1);
  });

  it("refuses an unknown user (exit 1) and an unknown option (exit 64 with usage)", async () => {
    const none = await admin("reset-totp", "--email", "nobody@nowhere.example");
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("No user nobody@nowhere.example");
    const bad = await admin("list-orgs", "--frobnicate");
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain("usage: npm run admin");
  });
});

describe("operations commands find the demo's settings", () => {
  it("audit:verify with no DATABASE_URL reads the demo's env file and verifies that database", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "lc-demo-env-")), "demo.env");
    writeFileSync(
      file,
      `AUTH_SECRET=${secrets.AUTH_SECRET}\nMASTER_KEY=${secrets.MASTER_KEY}\nDATABASE_URL=${testDb.url}\n`,
    );
    const r = await cli("audit-verify.ts", ["--org", slug, "--no-save"], {
      DATABASE_URL: undefined,
      AUTH_SECRET: undefined,
      MASTER_KEY: undefined,
      LUMINOUS_DEMO_ENV: file,
    });
    expect(r.stderr).not.toContain("Invalid environment");
    expect(r.stderr).toContain(`AUTH_SECRET, MASTER_KEY, DATABASE_URL from ${file}`);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});
