/**
 * The real workstation agent (apps/agent, bundled to dist/luminous-agent.mjs) driven from the e2e
 * specs: the `luminous-agent` CLI, its daemon, and the daemon's local socket API, which is how
 * ask-nix hands it decisions to make and events to log.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { agentSocketRequest } from "@luminous/testkit/agent-socket";
import { type APIRequestContext, expect } from "@playwright/test";

/** The repository root: Playwright runs from it (scripts/e2e.mjs), but look upwards to be sure. */
function findRepoRoot(): string {
  let dir = process.cwd();
  while (!fs.existsSync(path.join(dir, "apps/agent/package.json"))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error("run the e2e suite from the repository");
    dir = up;
  }
  return dir;
}
const repoRoot = findRepoRoot();
const agentBin = path.join(repoRoot, "apps/agent/dist/luminous-agent.mjs");

/** Builds the agent bundle once if it is missing (a fresh checkout). */
export function ensureAgentBuilt(): void {
  if (!fs.existsSync(agentBin))
    execFileSync("npm", ["run", "build", "-w", "@luminous/agent"], { cwd: repoRoot, stdio: "inherit" });
}

/** Runs one `luminous-agent` command against a state dir. */
export function agent(stateDir: string, args: string[]): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [agentBin, ...args, "--state-dir", stateDir], {
    encoding: "utf8",
    timeout: 30_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Starts `luminous-agent run` (the daemon) on a state dir. */
export function startDaemon(stateDir: string, args: string[] = []): ChildProcess {
  return spawn(process.execPath, [agentBin, "run", ...args, "--state-dir", stateDir], { stdio: "ignore" });
}

export async function stopDaemon(daemon: ChildProcess | undefined): Promise<void> {
  if (!daemon || daemon.exitCode !== null || daemon.signalCode !== null) return;
  const exited = new Promise((r) => daemon.once("exit", r));
  daemon.kill("SIGTERM");
  await exited;
}

export const deviceIdOf = (stateDir: string): string =>
  JSON.parse(fs.readFileSync(path.join(stateDir, "config.json"), "utf8")).deviceId as string;

/** What ask-nix sends to POST /v1/log: one event of its lifecycle (the agent chains it). */
export type AgentEvent = Record<string, unknown> & { type: string };

/**
 * One enrolled workstation: an enrollment token from the console's admin API, `luminous-agent
 * enroll` with it, and the daemon running with a short push interval. Events go in through the
 * daemon's socket exactly as ask-nix sends them; the daemon chains them in its spool and pushes
 * them, signed with the device key, to POST /api/agent/v1/events.
 */
export class Workstation {
  private constructor(
    /** The enrollment token's name. */
    readonly name: string,
    readonly deviceId: string,
    readonly hostname: string,
    private readonly stateDir: string,
    private readonly daemon: ChildProcess,
  ) {}

  /** `request` must carry a session allowed to create enrollment tokens. */
  static async enroll(request: APIRequestContext, baseURL: string, name: string): Promise<Workstation> {
    ensureAgentBuilt();
    const res = await request.post("/api/v1/enrollment-tokens", {
      headers: { Origin: baseURL },
      data: { name, expiresInHours: 1, maxUses: 1, groupId: null },
    });
    expect(res.status(), await res.text()).toBe(201);
    const { command } = (await res.json()) as { command: string };
    const m = /^luminous-agent enroll --server (\S+) --token (\S+)$/.exec(command);
    expect(m, command).not.toBeNull();
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "lc-e2e-ws-"));
    const enrolled = agent(stateDir, ["enroll", "--server", m![1]!, "--token", m![2]!]);
    expect(enrolled.code, enrolled.out).toBe(0);
    const daemon = startDaemon(stateDir, ["--interval", "3600", "--push-interval", "0.1"]);
    const ws = new Workstation(name, deviceIdOf(stateDir), os.hostname(), stateDir, daemon);
    await expect
      .poll(
        () =>
          ws.socket("GET", "/v1/status").then(
            (r) => r.status,
            () => 0,
          ),
        { timeout: 10_000, intervals: [50], message: "the agent daemon's socket answers" },
      )
      .toBe(200);
    return ws;
  }

  /** Logs one event the way ask-nix does; resolves once it is durable in the agent's spool. */
  async log(event: AgentEvent): Promise<{ seq: number; hash: string }> {
    const r = await this.socket("POST", "/v1/log", { ts: new Date().toISOString(), ...event });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { seq: number; hash: string };
  }

  /** Asks the agent for a policy decision, as ask-nix does before it acts (the agent logs it as an event). */
  async check(req: {
    action: string;
    user?: string;
    packages?: string[];
    services?: string[];
  }): Promise<{ decision: string; rule: string; reason: string }> {
    const r = await this.socket("POST", "/v1/check", req);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as { decision: string; rule: string; reason: string };
  }

  /**
   * `luminous-agent request` as a process of its own, resolving when it exits: it opens an approval
   * request and waits for the decision, which is its exit code (0 approved).
   */
  request(args: string[]): Promise<{ code: number | null; out: string }> {
    return new Promise((resolve) => {
      const p = spawn(process.execPath, [agentBin, "request", ...args, "--state-dir", this.stateDir], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      p.stdout.on("data", (d) => (out += d));
      p.stderr.on("data", (d) => (out += d));
      p.on("exit", (code) => resolve({ code, out }));
    });
  }

  /** Waits until the console has stored `count` events of this device (the push is asynchronous). */
  async waitUntilStored(request: APIRequestContext, count: number): Promise<void> {
    await expect
      .poll(
        async () => {
          const r = await request.get(`/api/v1/audit-events?device=${this.deviceId}&limit=500`);
          return ((await r.json()) as { items: unknown[] }).items.length;
        },
        { timeout: 15_000, intervals: [100], message: `device ${this.deviceId}: events stored by the console` },
      )
      .toBe(count);
  }

  async stop(): Promise<void> {
    await stopDaemon(this.daemon);
    fs.rmSync(this.stateDir, { recursive: true, force: true });
  }

  private socket(method: string, urlPath: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    return agentSocketRequest(path.join(this.stateDir, "agent.sock"), method, urlPath, body);
  }
}
