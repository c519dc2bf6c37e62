/**
 * luminous-agent as a newcomer drives it: installed onto the PATH by `npm run agent:install`, the
 * enrollment dialog's command run exactly as shown, help that succeeds, unknown options refused
 * with usage (exit 64), one input shape for `log` (flags, stdin, socket), one-shot `sync` and
 * `push` against the real agent API over HTTPS.
 */
import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createTestDatabase, type TestDatabase } from "@luminous/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as enrollPOST } from "@/app/api/agent/v1/enroll/route";
import { POST as eventsPOST } from "@/app/api/agent/v1/events/route";
import { POST as heartbeatPOST } from "@/app/api/agent/v1/heartbeat/route";
import { GET as policyGET } from "@/app/api/agent/v1/policy/route";
import { createEnrollmentToken } from "@/server/agent/create-enrollment-token";
import { startAgentApiServer } from "@/server/agent/test-support/agent-api-server";
import { publishOrgPolicy } from "@/server/agent/test-support/publish-org-policy";
import { makeTestPki } from "@/server/agent/test-support/tls";
import { db } from "@/server/db";
import { enrollCommand } from "@/server/enrollment/enrollment-tokens";
import { resetEnvForTests } from "@/server/env";
import { closeIngestPool } from "@/server/ingest/pg-transaction";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const routes = {
  "POST /api/agent/v1/enroll": enrollPOST,
  "GET /api/agent/v1/policy": policyGET,
  "POST /api/agent/v1/heartbeat": heartbeatPOST,
  "POST /api/agent/v1/events": eventsPOST,
};

let testDb: TestDatabase;
let api: Awaited<ReturnType<typeof startAgentApiServer>>;
let orgId: string;
let binDir: string;
let stateDir: string;
let caFile: string;

/** Runs a shell command line with the installed agent on the PATH and the state dir in the environment. */
function sh(line: string, stdin = "") {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      "/bin/sh",
      ["-c", line],
      {
        timeout: 20_000,
        env: {
          ...process.env,
          PATH: `${binDir}${path.delimiter}${process.env.PATH}`,
          LUMINOUS_AGENT_STATE_DIR: stateDir,
          NODE_EXTRA_CA_CERTS: caFile,
        },
      },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === "number" ? err.code : 99) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin);
  });
}

beforeAll(async () => {
  const work = mkdtempSync(path.join(tmpdir(), "lc-agent-cli-"));
  binDir = path.join(work, "bin");
  stateDir = path.join(work, "state");
  execFileSync(process.execPath, [path.join(repoRoot, "scripts/agent-install.mjs"), "--bin-dir", binDir], {
    stdio: "pipe",
  });
  testDb = await createTestDatabase();
  const pki = makeTestPki(work);
  caFile = pki.caFile;
  api = await startAgentApiServer({ key: pki.key, cert: pki.cert, routes });
  Object.assign(process.env, {
    DATABASE_URL: testDb.url,
    AUTH_SECRET: randomBytes(32).toString("hex"),
    MASTER_KEY: randomBytes(32).toString("base64"),
    PUBLIC_URL: api.origin,
    LOG_LEVEL: "error",
  });
  resetEnvForTests();
  orgId = (await testDb.prisma.org.create({ data: { name: "CLI", slug: `cli-${randomBytes(3).toString("hex")}` } })).id;
}, 120_000);

afterAll(async () => {
  await api?.close();
  await db().$disconnect();
  await closeIngestPool();
  await testDb?.drop().catch(() => {});
});

describe("luminous-agent on the PATH", () => {
  it("--help, help CMD and CMD --help print usage and exit 0; every command's usage names the state dir", async () => {
    const all = await sh("luminous-agent --help");
    expect(all.code).toBe(0);
    for (const cmd of ["enroll", "run", "sync", "push", "check", "log", "status", "witnesses"])
      expect(all.stdout).toMatch(new RegExp(`^  ${cmd} `, "m"));
    expect(all.stdout).toContain("$LUMINOUS_AGENT_STATE_DIR");
    for (const line of ["luminous-agent help push", "luminous-agent push --help", "luminous-agent push -h"]) {
      const r = await sh(line);
      expect(r.code, line).toBe(0);
      expect(r.stdout).toMatch(/^luminous-agent push \[--state-dir D\]/);
      expect(r.stdout).toContain("LUMINOUS_AGENT_STATE_DIR");
      expect(r.stdout).not.toContain("witnesses");
    }
  });

  it("an unknown option or command exits 64 with usage on stderr", async () => {
    const opt = await sh("luminous-agent status --frobnicate");
    expect(opt.code).toBe(64);
    expect(opt.stderr).toMatch(/Unknown option '--frobnicate'/);
    expect(opt.stderr).toContain("luminous-agent status [--json]");
    const cmd = await sh("luminous-agent frobnicate");
    expect(cmd.code).toBe(64);
    expect(cmd.stderr).toMatch(/^unknown command frobnicate/);
    expect(cmd.stderr).toContain("usage: luminous-agent COMMAND");
    expect((await sh("luminous-agent help frobnicate")).code).toBe(64);
    expect((await sh("luminous-agent")).code).toBe(64);
  });

  it("the enrollment dialog's command works as shown; sync pulls a new policy once", async () => {
    const t = await db().$transaction((tx) =>
      createEnrollmentToken(tx, orgId, {
        name: "cli",
        expiresAt: new Date(Date.now() + 600_000),
        maxUses: 1,
        groupId: null,
        createdById: null,
      }),
    );
    const enroll = await sh(enrollCommand(t.token));
    expect(enroll.code, enroll.stderr).toBe(0);

    await publishOrgPolicy(orgId, "cli-policy", { packages: { allow: [], deny: ["docker*"] } });
    const sync = await sh("luminous-agent sync");
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).toMatch(/^policy version \d+ applied$/m);
    const again = await sh("luminous-agent sync --json");
    expect(JSON.parse(again.stdout)).toMatchObject({ applied: false, notModified: true });
  });

  it("log takes the flags' keys on stdin (action, packages, services), refuses one given twice, and push sends them once", async () => {
    const stdin = JSON.stringify({
      type: "plan_generated",
      user: "ana",
      action: "install_package",
      packages: ["htop"],
    });
    const viaStdin = await sh("luminous-agent log --json", stdin);
    expect(viaStdin.code, viaStdin.stderr).toBe(0);
    const viaFlags = await sh(
      "luminous-agent log --type plan_generated --user ana --action enable_service --service sshd --json",
    );
    expect(viaFlags.code, viaFlags.stderr).toBe(0);
    const nested = await sh(
      "luminous-agent log",
      JSON.stringify({ type: "plan_generated", intent: { action: "remove_package", packages: ["vim"] } }),
    );
    expect(nested.code, nested.stderr).toBe(0);
    const twice = await sh(
      "luminous-agent log",
      JSON.stringify({ type: "plan_generated", action: "a", intent: { action: "b" } }),
    );
    expect(twice.code).toBe(65);
    expect(twice.stderr).toMatch(/invalid event: action: given both as action and as intent\.action/);

    const push = await sh("luminous-agent push --json");
    expect(push.code, push.stderr).toBe(0);
    expect(JSON.parse(push.stdout)).toMatchObject({ stored: 3, rejected: 0, pending: 0 });
    const rows = await testDb.prisma.auditEvent.findMany({
      where: { orgId, type: "plan_generated" },
      select: { action: true, packages: true },
      orderBy: { seq: "asc" },
    });
    expect(rows.map((r) => [r.action, r.packages])).toEqual([
      ["install_package", ["htop"]],
      ["enable_service", []],
      ["remove_package", ["vim"]],
    ]);
    const none = await sh("luminous-agent push");
    expect(none.stdout).toMatch(/^pushed 0 event\(s\)/);
  });
});
