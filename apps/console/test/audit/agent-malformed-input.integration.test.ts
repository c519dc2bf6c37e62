/**
 * A real agent daemon against the real agent API over HTTPS, fed malformed and hostile input on
 * its unix socket and CLI: it refuses each with a 4xx / exit 65 naming the problem, never exits,
 * and its policy sync and event push go on. Its socket file goes with it on every way out, and
 * `status` tells a live daemon from a stale socket file.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync } from "node:fs";
import http from "node:http";
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
import { publishOrgPolicy } from "@/server/agent/test-support/publish-org-policy";
import { makeTestPki } from "@/server/agent/test-support/tls";
import { db } from "@/server/db";
import { resetEnvForTests } from "@/server/env";
import { closeIngestPool } from "@/server/ingest/pg-transaction";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const AGENT = path.join(repoRoot, "apps/agent/dist/luminous-agent.mjs");
const routes = {
  "POST /api/agent/v1/enroll": enrollPOST,
  "GET /api/agent/v1/policy": policyGET,
  "POST /api/agent/v1/heartbeat": heartbeatPOST,
  "POST /api/agent/v1/events": eventsPOST,
};

let testDb: TestDatabase;
let api: Awaited<ReturnType<typeof startAgentApiServer>>;
let orgId: string;
let stateDir: string;
let socket: string;
let daemon: ChildProcess | null = null;
let daemonLog = "";

const nested = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;

function agent(args: string[], stdin = "") {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      [AGENT, ...args, "--state-dir", stateDir],
      { timeout: 20_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === "number" ? err.code : 99) : 0, stdout, stderr }),
    );
    child.stdin?.on("error", () => {}); // the CLI may stop reading an oversized stdin early
    child.stdin?.end(stdin);
  });
}
const statusJson = async () => JSON.parse((await agent(["status", "--json"])).stdout);

/** A daemon, optionally with a module preloaded into its main thread (to inject a fault). */
function startDaemon(preload?: string): ChildProcess {
  const d = spawn(
    process.execPath,
    [
      ...(preload ? ["--import", `data:text/javascript,${encodeURIComponent(preload)}`] : []),
      AGENT,
      "run",
      "--state-dir",
      stateDir,
      "--interval",
      "1",
      "--push-interval",
      "0.2",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  d.stderr?.on("data", (c) => {
    daemonLog += c;
  });
  daemon = d;
  return d;
}
const exited = (d: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (d.exitCode !== null) resolve(d.exitCode);
    else d.once("exit", (code) => resolve(code));
  });
async function stop(d: ChildProcess, signal: NodeJS.Signals) {
  const done = exited(d);
  d.kill(signal);
  return done;
}

async function waitFor<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false> | T | null | undefined | false,
) {
  const until = Date.now() + 20_000;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until)
      throw new Error(`timed out waiting for ${what}\n--- agent log ---\n${daemonLog.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Raw bytes to the daemon's socket, as a misbehaving local client would send them. */
function rawSocketRequest(urlPath: string, body: Buffer | string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { socketPath: socket, path: urlPath, method: "POST", headers: { "content-type": "application/json" } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          text += c;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const agentCommands = () =>
  testDb.prisma.auditEvent.findMany({ where: { orgId, category: "agent" }, select: { command: true } });

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(repoRoot, "apps/agent/build.mjs")], { stdio: "inherit" });
  testDb = await createTestDatabase();
  Object.assign(process.env, {
    DATABASE_URL: testDb.url,
    AUTH_SECRET: randomBytes(32).toString("hex"),
    MASTER_KEY: randomBytes(32).toString("base64"),
    LOG_LEVEL: "error",
  });
  resetEnvForTests();
  const work = mkdtempSync(path.join(tmpdir(), "lc-agent-input-"));
  stateDir = path.join(work, "state");
  socket = path.join(stateDir, "agent.sock");
  const pki = makeTestPki(work);
  api = await startAgentApiServer({ key: pki.key, cert: pki.cert, routes });
  orgId = (await testDb.prisma.org.create({ data: { name: "Input", slug: `input-${randomBytes(3).toString("hex")}` } }))
    .id;
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
}, 120_000);

afterAll(async () => {
  if (daemon && daemon.exitCode === null) daemon.kill("SIGKILL");
  await api?.close();
  await db().$disconnect();
  await closeIngestPool();
  await testDb?.drop().catch(() => {});
});

describe("luminous-agent on malformed and hostile input", () => {
  it("CLI log refuses an event nested 1,500 levels with exit 65 naming the field (stdin and --details), and oversized input", async () => {
    const deep = `{"type":"command_received","details":{"k":${nested(1500)}}}`;
    expect(deep.length).toBeLessThan(3200);
    const viaStdin = await agent(["log"], deep);
    expect(viaStdin.code).toBe(65);
    expect(viaStdin.stderr).toMatch(/^invalid event: details\.k\.0\.0\.0.*: nests deeper than 64 levels$/m);
    const viaFlag = await agent(["log", "--type", "command_received", "--details", `{"k":${nested(1500)}}`]);
    expect(viaFlag.code).toBe(65);
    expect(viaFlag.stderr).toMatch(/^invalid event: details\.k\.0\.0.*: nests deeper than 64 levels$/m);
    const huge = await agent(["log"], JSON.stringify({ type: "command_received", command: "x".repeat(4 << 20) }));
    expect(huge.code).toBe(65);
    expect(huge.stderr).toMatch(/invalid event: is larger than 131072 bytes/);
    const truncated = await agent(["log"], '{"type":"command_rec');
    expect(truncated.code).toBe(65);
    expect(truncated.stderr).toMatch(/invalid event: malformed JSON/);
    // Nothing refused was spooled.
    expect((await statusJson()).spool.pending).toBe(0);
  });

  it("the daemon answers a malformed-input corpus on its socket with 4xx naming the problem, then still answers check, pushes and syncs", async () => {
    startDaemon();
    await waitFor("the daemon's socket", () => existsSync(socket));
    const before = (await statusJson()).policyVersion as number | null;

    const event = (over: Record<string, unknown>) =>
      JSON.stringify({ ts: new Date().toISOString(), type: "command_received", ...over });
    const corpus: {
      name: string;
      path: "/v1/log" | "/v1/check";
      body: Buffer | string;
      status: number;
      says?: RegExp;
    }[] = [
      {
        name: "details nested 1,500 levels",
        path: "/v1/log",
        body: event({}).replace(/}$/, `,"details":{"k":${nested(1500)}}}`),
        status: 422,
        says: /details\.k\.0\.0.*nests deeper than 64 levels/,
      },
      { name: "root nested 100,000 levels", path: "/v1/log", body: nested(100_000), status: 413 },
      {
        name: "root nested 5,000 levels",
        path: "/v1/log",
        body: nested(5000),
        status: 422,
        says: /0\.0\.0.*nests deeper than 64 levels/,
      },
      {
        name: "check nested 1,500 levels",
        path: "/v1/check",
        body: `{"action":"x","packages":${nested(1500)}}`,
        status: 422,
        says: /packages\.0\.0.*nests deeper/,
      },
      { name: "a 10 MB string", path: "/v1/log", body: event({ command: "x".repeat(10 << 20) }), status: 413 },
      { name: "a 1 MB check", path: "/v1/check", body: JSON.stringify({ action: "x".repeat(1 << 20) }), status: 413 },
      {
        name: "a long command",
        path: "/v1/log",
        body: event({ command: "x".repeat(100_000) }),
        status: 422,
        says: /command: must be at most 8 KiB/,
      },
      {
        name: "invalid UTF-8",
        path: "/v1/log",
        body: Buffer.from([0x7b, 0x22, 0x74, 0x79, 0x70, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]),
        status: 422,
        says: /type/,
      },
      {
        name: "invalid UTF-8 to check",
        path: "/v1/check",
        body: Buffer.from([0x7b, 0x22, 0x61, 0x63, 0x74, 0x69, 0x6f, 0x6e, 0x22, 0x3a, 0xff, 0x7d]),
        status: 422,
        says: /malformed JSON/,
      },
      {
        name: "truncated JSON",
        path: "/v1/log",
        body: '{"type":"command_received","details":{"a":[1,2',
        status: 422,
        says: /malformed JSON/,
      },
      { name: "empty body", path: "/v1/log", body: "", status: 422, says: /malformed JSON/ },
      { name: "an array", path: "/v1/log", body: "[]", status: 422 },
      { name: "a string", path: "/v1/log", body: '"command_received"', status: 422 },
      { name: "null", path: "/v1/log", body: "null", status: 422 },
      { name: "a number", path: "/v1/check", body: "1e309", status: 422 },
      {
        name: "wrong types",
        path: "/v1/log",
        body: event({ type: 42, execution: { success: "yes" } }),
        status: 422,
        says: /type/,
      },
      {
        name: "wrong types to check",
        path: "/v1/check",
        body: JSON.stringify({ action: ["x"], packages: "docker" }),
        status: 422,
        says: /action/,
      },
      {
        name: "a NUL character",
        path: "/v1/log",
        body: event({ command: "ask-nix a\u0000b" }),
        status: 422,
        says: /command: must not contain NUL/,
      },
      {
        name: "a raw NUL byte",
        path: "/v1/log",
        body: `{"type":"command_received"\u0000}`,
        status: 422,
        says: /malformed JSON/,
      },
      {
        name: "__proto__ at the root",
        path: "/v1/log",
        body: '{"type":"command_received","__proto__":{"polluted":true}}',
        status: 422,
        says: /__proto__/,
      },
      {
        name: "constructor.prototype",
        path: "/v1/log",
        body: '{"type":"command_received","constructor":{"prototype":{"polluted":true}}}',
        status: 422,
        says: /constructor/,
      },
      {
        name: "__proto__ to check",
        path: "/v1/check",
        body: '{"__proto__":{"action":"install_package"}}',
        status: 422,
        says: /action/,
      },
    ];
    for (const c of corpus) {
      const r = await rawSocketRequest(c.path, c.body);
      expect({ name: c.name, status: r.status }).toEqual({ name: c.name, status: c.status });
      if (c.says) expect(r.body, c.name).toMatch(c.says);
      expect(daemon!.exitCode, `${c.name}\n${daemonLog.slice(-2000)}`).toBeNull();
    }
    // A client that goes away in the middle of a body.
    await new Promise<void>((resolve) => {
      const req = http.request({
        socketPath: socket,
        path: "/v1/log",
        method: "POST",
        headers: { "content-length": "1000" },
      });
      req.on("error", () => resolve());
      req.write('{"type":');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 100);
    });

    // Still alive and answering, from its socket and through the CLI.
    expect(daemon!.exitCode).toBeNull();
    const answer = await agentSocketRequest(socket, "POST", "/v1/check", {
      action: "install_package",
      packages: ["git"],
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ decision: expect.any(String) });
    expect((await statusJson()).daemon).toBe("running");
    // Push goes on: an event logged now reaches the console.
    expect((await agent(["log", "--type", "command_received", "--command", "ask-nix after the corpus"])).code).toBe(0);
    await waitFor("the event pushed", async () =>
      (await agentCommands()).some((e) => e.command === "ask-nix after the corpus"),
    );
    // Sync goes on: a policy published now is applied.
    await publishOrgPolicy(orgId, "after-corpus", { packages: { allow: [], deny: ["docker*"] } });
    await waitFor("the new policy applied", async () => {
      const v = (await statusJson()).policyVersion as number | null;
      return v !== null && v !== before;
    });
    const denied = await agentSocketRequest(socket, "POST", "/v1/check", {
      action: "install_package",
      packages: ["docker"],
    });
    expect(denied.body).toMatchObject({ decision: "deny", rule: "packages.deny:docker*" });
    // The refused input never reached the trail; the __proto__ attempts polluted nothing that shows.
    expect((await agentCommands()).some((e) => e.command?.includes("\u0000"))).toBe(false);
  });

  it("removes its socket on SIGTERM and SIGINT", async () => {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const d = daemon?.exitCode === null ? daemon : startDaemon();
      await waitFor("the socket", async () => (await statusJson()).daemon === "running");
      expect(await stop(d, signal)).toBe(0);
      expect(existsSync(socket), signal).toBe(false);
      expect((await statusJson()).daemon).toBe("absent");
    }
  });

  it("removes its socket when an error nothing caught ends it", async () => {
    // Injected into the daemon's main thread once its socket is up: an error thrown from a timer.
    const d = startDaemon(
      `import { existsSync } from "node:fs"; import { isMainThread } from "node:worker_threads";
       if (isMainThread) { const t = setInterval(() => { if (existsSync(${JSON.stringify(socket)})) {
         clearInterval(t); setTimeout(() => { throw new Error("injected fault"); }, 300); } }, 50); }`,
    );
    expect(await exited(d)).toBe(70);
    expect(daemonLog).toMatch(/uncaught error: Error: injected fault/);
    expect(existsSync(socket)).toBe(false);
  });

  it("status tells a stale socket file from a live daemon, and the next run removes it", async () => {
    const d = startDaemon();
    await waitFor("the daemon", async () => (await statusJson()).daemon === "running");
    await stop(d, "SIGKILL"); // no chance to clean up: the socket file stays
    expect(existsSync(socket)).toBe(true);
    const s = await statusJson();
    expect(s).toMatchObject({ daemon: "stale", daemonSocket: null });
    const text = await agent(["status"]);
    expect(text.stdout).toMatch(/^daemon\s+not running: stale socket file .*agent\.sock/m);
    // Logging still works (straight into the spool) while the socket is stale.
    expect((await agent(["log", "--type", "command_received", "--command", "ask-nix while stale"])).code).toBe(0);
    daemonLog = "";
    startDaemon();
    await waitFor("the daemon again", async () => (await statusJson()).daemon === "running");
    expect(daemonLog).toMatch(/removed a stale socket file/);
    expect((await agent(["status"])).stdout).toMatch(/^daemon\s+running \(socket /m);
    await waitFor("the spooled event pushed", async () =>
      (await agentCommands()).some((e) => e.command === "ask-nix while stale"),
    );
    // A second daemon does not take over a live one's socket.
    const second = await agent(["run"]);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toMatch(/another luminous-agent daemon is running/);
    expect((await statusJson()).daemon).toBe("running");
  });
});
