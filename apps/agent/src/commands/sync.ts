import { loadEnrolled } from "../load-state";
import { probeSocket } from "../socket-file";
import { syncOnce } from "../sync";

/** Exit codes of the one-shot commands (`sync`, `push`). */
export const ONCE_EXIT = { ok: 0, not_enrolled: 4, failed: 5, daemon_running: 75 } as const;

/** When the daemon owns the state directory, a second writer would race it: the one-shot commands leave it be. */
export async function daemonRunning(socket: string, err: (line: string) => void, what: string): Promise<boolean> {
  if ((await probeSocket(socket)) !== "running") return false;
  err(`a luminous-agent daemon is running on ${socket}; it ${what} on its own`);
  return true;
}

/** `luminous-agent sync`: one policy pull and heartbeat, as the daemon does each interval. */
export async function syncCommand(
  opts: { stateDir?: string; json?: boolean },
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const ctx = loadEnrolled(opts.stateDir);
  if (await daemonRunning(ctx.f.socket, err, "syncs")) return ONCE_EXIT.daemon_running;
  const r = await syncOnce(ctx);
  if (opts.json)
    out(JSON.stringify({ applied: r.applied, version: r.version, notModified: r.notModified, rejected: r.rejected }));
  else if (r.rejected)
    err(`bundle refused (${r.rejected.reason}): ${r.rejected.message}; keeping the last good bundle`);
  else out(r.applied ? `policy version ${r.version} applied` : `policy version ${r.version ?? "none"} is current`);
  return r.rejected ? ONCE_EXIT.failed : ONCE_EXIT.ok;
}
