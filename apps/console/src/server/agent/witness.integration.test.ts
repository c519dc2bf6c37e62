import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkpointHash, makeCheckpoint, type SignedCheckpoint } from "@luminous/audit";
import { generateEd25519 } from "@luminous/crypto";
import { createTestDatabase, type TestDatabase } from "@luminous/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as enrollPOST } from "../../app/api/agent/v1/enroll/route";
import { POST as heartbeatPOST } from "../../app/api/agent/v1/heartbeat/route";
import { GET as policyGET } from "../../app/api/agent/v1/policy/route";
import { auditIntegrity } from "../audit/audit-integrity";
import { recordAuditNow } from "../audit/record-audit";
import { writeCheckpoint } from "../audit/write-checkpoint";
import { db } from "../db";
import { resetEnvForTests } from "../env";
import type { Ctx } from "../http/guard";
import { activeSigningKey } from "../signing-keys/active-signing-key";
import { createEnrollmentToken } from "./create-enrollment-token";
import { startAgentApiServer } from "./test-support/agent-api-server";
import { makeTestPki } from "./test-support/tls";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../..");
const AGENT = path.join(repoRoot, "apps/agent/dist/luminous-agent.mjs");

let testDb: TestDatabase;
let api: Awaited<ReturnType<typeof startAgentApiServer>>;
let orgId: string;
let stateDir: string;
let work: string;
let daemon: ChildProcess | null = null;
let daemonLog = "";

function run(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(cmd, args, { cwd: repoRoot, env: { ...process.env }, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === "number" ? err.code : 99) : 0, stdout, stderr }),
    ),
  );
}
const agent = (...args: string[]) => run(process.execPath, [AGENT, ...args, "--state-dir", stateDir]);
const agentStatus = async () => JSON.parse((await agent("status", "--json")).stdout);
const witnessed = (): SignedCheckpoint[] => {
  const file = path.join(stateDir, "witnesses.json");
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")).checkpoints : [];
};
const stored = async (lane: number) =>
  (await testDb.prisma.chainCheckpoint.findMany({ where: { orgId, lane }, orderBy: { seq: "asc" } })).map(
    (c) => ({ payload: c.payload, signature: c.signature }) as SignedCheckpoint,
  );

async function waitFor<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false> | T | null | undefined | false,
) {
  // The console serves an org's checkpoints from a 10 s cache.
  const until = Date.now() + 30_000;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}\n--- agent log ---\n${daemonLog}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const event = (action: string) =>
  recordAuditNow(orgId, { actor: { type: "user", label: "admin@example.com" } }, { action, outcome: "success" });

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(repoRoot, "apps/agent/build.mjs")], { stdio: "inherit" });
  testDb = await createTestDatabase();
  Object.assign(process.env, {
    DATABASE_URL: testDb.url,
    AUTH_SECRET: randomBytes(32).toString("hex"),
    MASTER_KEY: randomBytes(32).toString("base64"),
    PUBLIC_URL: "https://console.test",
    LOG_LEVEL: "error",
  });
  resetEnvForTests();
  work = mkdtempSync(path.join(tmpdir(), "lagent-witness-"));
  stateDir = path.join(work, "state");
  const pki = makeTestPki(work);
  api = await startAgentApiServer({
    key: pki.key,
    cert: pki.cert,
    routes: {
      "POST /api/agent/v1/enroll": enrollPOST,
      "GET /api/agent/v1/policy": policyGET,
      "POST /api/agent/v1/heartbeat": heartbeatPOST,
    },
  });
  const slug = `w-${randomBytes(3).toString("hex")}`;
  orgId = (await testDb.prisma.org.create({ data: { name: slug, slug } })).id;
  await event("policy.publish");
  expect((await writeCheckpoint(orgId)).lanes).toEqual([{ lane: 0, serverSeq: 1, seq: 1 }]);
  const t = await db().$transaction((tx) =>
    createEnrollmentToken(tx, orgId, {
      name: "witness",
      expiresAt: new Date(Date.now() + 3600_000),
      maxUses: 1,
      groupId: null,
      createdById: null,
    }),
  );
  const r = await run(process.execPath, [
    AGENT,
    "enroll",
    "--server",
    api.origin,
    "--token",
    t.token,
    "--ca-file",
    pki.caFile,
    "--state-dir",
    stateDir,
  ]);
  expect(r.code, r.stderr).toBe(0);
});

afterAll(async () => {
  if (daemon && daemon.exitCode === null) daemon.kill("SIGKILL");
  await api?.close();
  await db().$disconnect();
  await testDb?.drop();
});

describe("agents witness the audit checkpoints", () => {
  it("every poll (200 and 304) carries the latest checkpoints; the agent verifies and keeps them", async () => {
    daemon = spawn(process.execPath, [AGENT, "run", "--state-dir", stateDir, "--interval", "1"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    daemon.stderr?.on("data", (d) => {
      daemonLog += d;
    });
    const [first] = await stored(0);
    await waitFor("checkpoint #1 witnessed", () =>
      witnessed().some((c) => checkpointHash(c) === checkpointHash(first!)),
    );
    const mark = api.seen.length;
    await waitFor("a 304 poll", () => api.seen.slice(mark).some((s) => s.path.endsWith("/policy") && s.status === 304));

    await event("user.create");
    expect((await writeCheckpoint(orgId)).lanes).toEqual([{ lane: 0, serverSeq: expect.any(Number), seq: 2 }]);
    const second = (await stored(0))[1]!;
    await waitFor("checkpoint #2 witnessed", () =>
      witnessed().some((c) => checkpointHash(c) === checkpointHash(second)),
    );
    const polls = api.seen.slice(mark).filter((s) => s.path.endsWith("/policy"));
    expect(polls.every((s) => s.status === 304)).toBe(true);
    expect((await agentStatus()).witnesses).toEqual({ checkpoints: 2, conflicts: [] });
  });

  it("refuses a checkpoint not signed by the org key it pinned", async () => {
    const impostor = generateEd25519();
    const orgKey = (await activeSigningKey(orgId))!;
    const [latest] = (await stored(0)).slice(-1);
    const forged = makeCheckpoint(
      { ...latest!.payload, lane: 0, count: latest!.payload.count + 1, previous: latest!, previousSeq: 2 },
      { keyId: orgKey.keyId, privateKeyPem: impostor.privateKeyPem },
    );
    api.overrides.set("GET /api/agent/v1/policy", async (req) => {
      const res = await policyGET(req);
      const headers = new Headers(res.headers);
      headers.set("x-luminous-checkpoints", Buffer.from(JSON.stringify([forged])).toString("base64url"));
      return new Response(res.body, { status: res.status, headers });
    });
    const mark = api.seen.length;
    await waitFor("two polls", () => api.seen.slice(mark).filter((s) => s.path.endsWith("/policy")).length >= 2);
    api.overrides.delete("GET /api/agent/v1/policy");
    expect(witnessed().map((c) => (c.payload as { seq: number }).seq)).toEqual([1, 2]);
  });

  it("the console alarms when the checkpoints the agent witnessed are rewritten in the database", async () => {
    // The attacker rewrites lane 0 and replaces its checkpoints by one signed over the forged lane
    // (a fresh worker, which remembers nothing, would sign it: the rows link and are recent).
    await testDb.prisma
      .$executeRaw`UPDATE "AuditEvent" SET "outcome" = 'failure' WHERE "orgId" = ${orgId}::uuid AND "lane" = 0 AND "serverSeq" = 1`;
    await testDb.prisma.$executeRaw`DELETE FROM "ChainCheckpoint" WHERE "orgId" = ${orgId}::uuid`;
    const head = await testDb.prisma.auditEvent.findFirstOrThrow({
      where: { orgId, lane: 0 },
      orderBy: { serverSeq: "desc" },
    });
    const cp = makeCheckpoint(
      {
        orgId,
        lane: 0,
        lastEventId: head.id,
        lastServerHash: head.serverHash,
        count: Number(head.serverSeq),
        at: new Date().toISOString(),
        previous: null,
      },
      (await activeSigningKey(orgId))!,
    );
    await testDb.prisma.chainCheckpoint.create({
      data: {
        orgId,
        lane: 0,
        seq: 1,
        serverSeq: head.serverSeq,
        serverHash: head.serverHash,
        count: head.serverSeq,
        keyId: cp.payload.keyId,
        payload: cp.payload,
        signature: cp.signature,
      },
    });

    const alarm = await waitFor("a witness alarm", () =>
      testDb.prisma.auditWitnessAlarm.findFirst({ where: { orgId, lane: 0, seq: 2 } }),
    );
    expect(alarm).toMatchObject({ kind: "missing", storedHash: null });
    const ev = await waitFor("the integrity event", () =>
      testDb.prisma.auditEvent.findFirst({ where: { orgId, type: "integrity_witness_mismatch" } }),
    );
    expect(ev).toMatchObject({ category: "integrity", outcome: "failure" });
    expect((ev.data as { message: string }).message).toMatch(
      /lane 0 checkpoint #2, signed .* and kept by agents, is no longer in the database \(deleted\)/,
    );
    const integrity = await auditIntegrity({ orgId } as Ctx);
    expect(integrity.status).toBe("broken");
    expect(integrity.witnessAlarms).toEqual([
      expect.objectContaining({ lane: 0, seq: 2, message: expect.stringMatching(/no longer in the database/) }),
    ]);
    // The agent is then served the forged #1 and keeps the one it witnessed first.
    await waitFor("a conflict on the agent", async () => (await agentStatus()).witnesses.conflicts.length > 0);
    expect((await agentStatus()).witnesses.conflicts[0]).toMatch(
      /lane 0 checkpoint #1 differs from the one witnessed before/,
    );

    // Exported from the agent, the witnessed checkpoints show the rewrite to audit:verify too.
    const file = path.join(work, "witnessed.json");
    const exported = await agent("witnesses", "--out", file);
    expect(exported.stdout).toMatch(/2 witnessed checkpoints written to/);
    const verify = await run("npm", ["run", "-s", "audit:verify", "--", "--witness", file]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/witness_mismatch at lane 0 server seq 1: checkpoint #1 of lane 0 from agent/);
    expect(verify.stdout).toMatch(
      /witness_missing at lane 0 server seq \d+: checkpoint #2 of lane 0 from agent .*not in the database/,
    );
  });
});
