import { existsSync, rmSync } from "node:fs";
import net from "node:net";

export type SocketState = "running" | "stale" | "absent";

/**
 * Whether a daemon answers on the socket file: a file nobody listens on (left by a daemon that
 * was killed) is "stale". Probed by connecting, which is what a client would do.
 */
export function probeSocket(socketPath: string, timeoutMs = 1000): Promise<SocketState> {
  if (!existsSync(socketPath)) return Promise.resolve("absent");
  return new Promise((resolve) => {
    const s = net.connect(socketPath);
    const done = (state: SocketState) => {
      s.destroy();
      resolve(state);
    };
    s.setTimeout(timeoutMs, () => done("running")); // accepted but slow: someone is there
    s.once("connect", () => done("running"));
    s.once("error", (e: NodeJS.ErrnoException) => done(e.code === "ENOENT" ? "absent" : "stale"));
  });
}

export class DaemonRunningError extends Error {}

/** Before listening: refuses when a live daemon owns the socket, removes a stale file. */
export async function claimSocketPath(socketPath: string): Promise<SocketState> {
  const state = await probeSocket(socketPath);
  if (state === "running") throw new DaemonRunningError(`another luminous-agent daemon is running on ${socketPath}`);
  if (state === "stale") rmSync(socketPath, { force: true });
  return state;
}

/** Removes the socket file this daemon created (on every way out: signals, an uncaught error, a normal stop). */
export function removeSocketFile(socketPath: string): void {
  try {
    rmSync(socketPath, { force: true });
  } catch {
    // Nothing more to do on the way out.
  }
}
