/**
 * The agent's audit spool against the real agent API over HTTPS, with a real agent process and a
 * Postgres server of this file's own (so it can be stopped): kill the console mid-batch, restart
 * the agent with unsent events, stop Postgres, 429 + Retry-After, a full spool.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createTestDatabase, type TestDatabase } from "@luminous/testkit";
import { agentSocketRequest } from "@luminous/testkit/agent-socket";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as enrollPOST } from "@/app/api/agent/v1/enroll/route";
import { POST as eventsPOST } from "@/app/api/agent/v1/events/route";
import { POST as heartbeatPOST } from "@/app/api/agent/v1/heartbeat/route";
import { GET as policyGET } from "@/app/api/agent/v1/policy/route";
import { createEnrollmentToken } from "@/server/agent/create-enrollment-token";
import { startAgentApiServer } from "@/server/agent/test-support/agent-api-server";
import { makeTestPki } from "@/server/agent/test-support/tls";
import { db } from "@/server/db";
import { resetEnvForTests } from "@/server/env";
import { closeIngestPool } from "@/server/ingest/pg-transaction";
import { startOwnPostgres } from "./own-postgres";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const AGENT = path.join(repoRoot, "apps/agent/dist/luminous-agent.mjs");
const routes = {
  "POST /api/agent/v1/enroll": enrollPOST,
  "GET /api/agent/v1/policy": policyGET,
  "POST /api/agent/v1/heartbeat": heartbeatPOST,
  "POST /api/agent/v1/events": eventsPOST,
};

let pg: Awaited<ReturnType<typeof startOwnPostgres>>;
let testDb: TestDatabase;
let pki: ReturnType<typeof makeTestPki>;
let api: Awaited<ReturnType<typeof startAgentApiServer>>;
let port: number;
let orgId: string;
let deviceId: string;
let stateDir: string;
let daemon: ChildProcess | null = null;
let daemonLog = "";

function agent(args: string[], opts: { env?: Record<string, string>; stdin?: string } = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      [AGENT, ...args, "--state-dir", stateDir],
      { env: { ...process.env, ...opts.env }, timeout: 20_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === "number" ? err.code : 99) : 0, stdout, stderr }),
    );
    child.stdin?.end(opts.stdin ?? "");
  });
}
const log = (n: number, tag: string, env?: Record<string, string>) =>
  agent(["log", "--type", "command_received", "--user", "alice", "--command", `ask-nix ${tag} ${n}`], { env });

function startDaemon(env: Record<string, string> = {}) {
  daemon = spawn(
    process.execPath,
    [AGENT, "run", "--state-dir", stateDir, "--interval", "1", "--push-interval", "0.2", "--batch-size", "20"],
    {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...env },
    },
  );
  daemon.stderr?.on("data", (d) => {
    daemonLog += d;
  });
}
async function stopDaemon(signal: NodeJS.Signals = "SIGTERM") {
  const d = daemon;
  daemon = null;
  if (!d || d.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    d.once("exit", () => resolve());
    d.kill(signal);
  });
}

async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until)
      throw new Error(`timed out waiting for ${what}\n--- agent log ---\n${daemonLog.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const agentRows = () =>
  testDb.prisma.auditEvent.findMany({ where: { orgId, deviceId, category: "agent" }, orderBy: { seq: "asc" } });
const spool = async () => JSON.parse((await agent(["status", "--json"])).stdout).spool;

/** Every event the agent chained, stored exactly once and in an unbroken chain. */
async function expectExactlyOnce(lastSeq: number) {
  const rows = await agentRows();
  expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
  for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
}

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(repoRoot, "apps/agent/build.mjs")], { stdio: "inherit" });
  pg = await startOwnPostgres();
  process.env.TEST_DATABASE_URL = pg.url;
  testDb = await createTestDatabase();
  Object.assign(process.env, {
    DATABASE_URL: testDb.url,
    AUTH_SECRET: randomBytes(32).toString("hex"),
    MASTER_KEY: randomBytes(32).toString("base64"),
    LOG_LEVEL: "error",
  });
  resetEnvForTests();
  const work = mkdtempSync(path.join(tmpdir(), "lc-audit-faults-"));
  stateDir = path.join(work, "state");
  pki = makeTestPki(work);
  api = await startAgentApiServer({ key: pki.key, cert: pki.cert, routes });
  port = Number(new URL(api.origin).port);
  orgId = (
    await testDb.prisma.org.create({ data: { name: "Faults", slug: `faults-${randomBytes(3).toString("hex")}` } })
  ).id;
  const t = await db().$transaction((tx) =>
    createEnrollmentToken(tx, orgId, {
      name: "t",
      expiresAt: new Date(Date.now() + 600_000),
      maxUses: 1,
      groupId: null,
      createdById: null,
    }),
  );
  const r = await agent(["enroll", "--server", api.origin, "--token", t.token, "--ca-file", pki.caFile]);
  expect(r.code, r.stderr).toBe(0);
  deviceId = JSON.parse((await agent(["status", "--json"])).stdout).deviceId;
}, 120_000);

afterAll(async () => {
  await stopDaemon("SIGKILL");
  await api?.close();
  await db().$disconnect();
  await closeIngestPool();
  await testDb?.drop().catch(() => {});
  pg?.destroy();
});

describe("agent audit spool -> console, under faults", () => {
  it("log (flags and stdin JSON) and every check decision reach the console", async () => {
    expect((await log(1, "first")).code).toBe(0);
    const viaStdin = await agent(["log", "--json"], {
      stdin: JSON.stringify({
        type: "execution_completed",
        user: "alice",
        execution: { success: false, duration_ms: 5 },
      }),
    });
    expect(viaStdin.code, viaStdin.stderr).toBe(0);
    expect(JSON.parse(viaStdin.stdout).seq).toBe(2);
    const bad = await agent(["log"], { stdin: JSON.stringify({ type: "nonsense", when: 1 }) });
    expect(bad.code).toBe(65);
    expect(bad.stderr).toMatch(/invalid event: .*type/);
    // A NUL character is refused before it is spooled (the console could not store it), naming the field.
    const nul = await agent(["log", "--json"], {
      stdin: JSON.stringify({ type: "command_received", command: "ask-nix install a\u0000b" }),
    });
    expect(nul.code).toBe(65);
    expect(nul.stderr).toMatch(/invalid event: command: must not contain NUL characters/);
    expect((await agent(["check", "--action", "format_disk", "--user", "bob"])).code).toBe(1); // seq 3
    startDaemon();
    await waitFor("3 events stored", async () => (await agentRows()).length === 3);
    const rows = await agentRows();
    expect(rows[2]).toMatchObject({ type: "policy_decision", outcome: "deny", subject: "bob", action: "format_disk" });
    expect(rows[1]).toMatchObject({ type: "execution_completed", outcome: "failure" });
    await waitFor("spool drained", async () => (await spool()).pending === 0);
    // A decision asked over the daemon's socket is logged too (by its spool writer thread).
    const answer = await agentSocketRequest(path.join(stateDir, "agent.sock"), "POST", "/v1/check", {
      action: "format_disk",
      user: "carol",
    });
    expect((answer.body as { decision?: string }).decision).toBe("deny");
    await waitFor("the socket decision stored", async () => (await agentRows()).some((r) => r.subject === "carol"));
    expect((await agentRows()).find((r) => r.subject === "carol")).toMatchObject({ type: "policy_decision", seq: 4n });
  });

  it("kill the console in the middle of a batch (after its commit, before the answer): every event exactly once", async () => {
    let killed = false;
    api.overrides.set("POST /api/agent/v1/events", async (req) => {
      const res = await eventsPOST(req); // committed ...
      if (!killed) {
        killed = true;
        setImmediate(() => void api.close()); // ... and the console dies before answering
        return new Promise<Response>(() => {});
      }
      return res;
    });
    for (let i = 0; i < 25; i++) expect((await log(i, "crash")).code).toBe(0);
    await waitFor("console killed", async () => killed);
    api.overrides.delete("POST /api/agent/v1/events");
    await new Promise((r) => setTimeout(r, 500));
    api = await startAgentApiServer({ key: pki.key, cert: pki.cert, routes, port }); // restarted, same address
    await waitFor("29 events stored", async () => (await spool()).pending === 0 && (await agentRows()).length === 29);
    await expectExactlyOnce(29);
    expect(await testDb.prisma.auditEvent.count({ where: { orgId, category: "integrity" } })).toBe(0);
  });

  it("restart the agent with unsent events: they are sent", async () => {
    await stopDaemon("SIGKILL");
    for (let i = 0; i < 5; i++) expect((await log(i, "offline")).code).toBe(0);
    expect((await spool()).pending).toBe(5);
    startDaemon();
    await waitFor("34 events stored", async () => (await agentRows()).length === 34);
    await expectExactlyOnce(34);
  });

  it("honours 429 + Retry-After", async () => {
    const hits: number[] = [];
    api.overrides.set("POST /api/agent/v1/events", async (req) => {
      hits.push(Date.now());
      if (hits.length === 1)
        return Response.json({ error: { code: "rate_limited" } }, { status: 429, headers: { "retry-after": "2" } });
      return eventsPOST(req);
    });
    expect((await log(1, "throttled")).code).toBe(0);
    await waitFor("35 events stored", async () => (await agentRows()).length === 35);
    api.overrides.delete("POST /api/agent/v1/events");
    expect(hits[1]! - hits[0]!).toBeGreaterThanOrEqual(1900);
  });

  it("stop Postgres: ingestion answers 503, the agent keeps spooling, everything arrives after", async () => {
    pg.stop();
    try {
      for (let i = 0; i < 10; i++) expect((await log(i, "outage")).code).toBe(0);
      await waitFor("a 503", async () => api.seen.some((s) => s.path === "/api/agent/v1/events" && s.status === 503));
      expect((await spool()).pending).toBe(10);
      expect((await spool()).lastError).toMatch(/HTTP 503/);
      // Policy polls and heartbeats say "try later" too, never a 500.
      await waitFor("a policy poll or heartbeat answered while Postgres is down", async () =>
        api.seen.some(
          (s) => (s.path === "/api/agent/v1/policy" || s.path === "/api/agent/v1/heartbeat") && s.status >= 500,
        ),
      );
      const pollStatuses = api.seen
        .filter((s) => s.path === "/api/agent/v1/policy" || s.path === "/api/agent/v1/heartbeat")
        .map((s) => s.status)
        .filter((st) => st >= 500);
      expect(new Set(pollStatuses)).toEqual(new Set([503]));
    } finally {
      pg.start();
    }
    await waitFor("45 events stored", async () => (await agentRows().catch(() => [])).length === 45, 40_000);
    await expectExactlyOnce(45);
  });

  it("a full spool refuses new events loudly (exit 75, status, heartbeat) and drops nothing", async () => {
    await stopDaemon();
    const small = { LUMINOUS_AGENT_SPOOL_MAX_BYTES: "1500" };
    let refused: Awaited<ReturnType<typeof log>> | null = null;
    let accepted = 0;
    for (let i = 0; i < 20 && !refused; i++) {
      const r = await log(i, "full", small);
      if (r.code === 0) accepted++;
      else refused = r;
    }
    expect(refused?.code).toBe(75);
    expect(refused?.stderr).toMatch(/AUDIT SPOOL FULL/);
    const st = await agent(["status"], { env: small });
    expect(st.code).toBe(75);
    expect(st.stdout).toMatch(/FULL: new events are refused/);
    expect((await spool()).refusedWhileFull).toBe(1);
    // The daemon, still over its limit while the console refuses events, reports the full spool.
    api.overrides.set("POST /api/agent/v1/events", async () =>
      Response.json({ error: { code: "unavailable" } }, { status: 503, headers: { "retry-after": "1" } }),
    );
    startDaemon(small);
    await waitFor("spool size on the server", async () => {
      const d = await testDb.prisma.device.findUniqueOrThrow({ where: { id: deviceId } });
      return d.spoolSize === accepted && /audit spool full/.test(JSON.stringify(d.facts));
    });
    api.overrides.delete("POST /api/agent/v1/events");
    await waitFor("all stored", async () => (await agentRows()).length === 45 + accepted);
    await expectExactlyOnce(45 + accepted);
    expect(existsSync(path.join(stateDir, "spool"))).toBe(true);
  });
});
