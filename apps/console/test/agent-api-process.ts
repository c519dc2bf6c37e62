/**
 * The standalone agent API service (scripts/agent-api.ts) as a real process for integration tests:
 * started on a free port, waited for on /healthz, and killed with its whole process group (tsx
 * runs the script in a child of its own, which a signal to tsx alone would leave running).
 */
import { type ChildProcess, type StdioOptions, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../../..");

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** Spawns the service (detached: its own process group) with the test's env plus `env`. */
export function spawnAgentApi(env: Record<string, string>, stdio: StdioOptions = "ignore"): ChildProcess {
  return spawn(path.join(root, "node_modules/.bin/tsx"), [path.join(root, "apps/console/scripts/agent-api.ts")], {
    env: { ...process.env, ...env },
    stdio,
    detached: true,
  });
}

/** Starts the service on a free port and resolves once /healthz answers. */
export async function startAgentApi(env: Record<string, string>): Promise<{ base: string; proc: ChildProcess }> {
  const port = await freePort();
  const proc = spawnAgentApi({ AGENT_API_PORT: String(port), ...env });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    if (
      await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { base, proc };
    await new Promise((r) => setTimeout(r, 200));
  }
  killAgentApi(proc);
  throw new Error("agent API did not start");
}

/** SIGKILL to the service's process group, unless it has already exited. */
export function killAgentApi(proc: ChildProcess | undefined): void {
  if (!proc?.pid || proc.exitCode !== null || proc.signalCode !== null) return;
  try {
    process.kill(-proc.pid, "SIGKILL");
  } catch {
    // already gone
  }
}
