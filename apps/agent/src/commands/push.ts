import { loadEnrolled } from "../load-state";
import { pushBatch } from "../spool/push";
import { updatePushStatus } from "../spool/push-status";
import { Spool } from "../spool/spool";
import { daemonRunning, ONCE_EXIT } from "./sync";

/** `luminous-agent push`: sends the spool in batches until it is empty (the daemon's pusher, once). */
export async function pushCommand(
  opts: { stateDir?: string; json?: boolean; batchSize?: number },
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const ctx = loadEnrolled(opts.stateDir);
  if (await daemonRunning(ctx.f.socket, err, "pushes")) return ONCE_EXIT.daemon_running;
  const spool = new Spool(ctx.f.dir);
  const batchSize = opts.batchSize ?? 1000;
  const total = { sent: 0, stored: 0, duplicates: 0, rejected: 0 };
  updatePushStatus(ctx.f.dir, () => ({ lastAttemptAt: new Date().toISOString() }));
  try {
    for (;;) {
      const r = await pushBatch(spool, ctx, batchSize);
      total.sent += r.sent;
      total.stored += r.stored;
      total.duplicates += r.duplicates;
      total.rejected += r.rejected.length;
      for (const x of r.rejected) err(`console refused event seq ${x.seq ?? "?"}: ${x.message}`);
      if (r.sent < batchSize) break;
    }
  } catch (e) {
    updatePushStatus(ctx.f.dir, () => ({ lastError: (e as Error).message }));
    err(`push failed: ${(e as Error).message} (${total.sent} event(s) sent before; the rest stay in the spool)`);
    return ONCE_EXIT.failed;
  }
  updatePushStatus(ctx.f.dir, (s) => ({
    lastPushAt: new Date().toISOString(),
    lastError: null,
    rejectedTotal: s.rejectedTotal + total.rejected,
  }));
  const pending = spool.pendingCount();
  out(
    opts.json
      ? JSON.stringify({ ...total, pending })
      : `pushed ${total.sent} event(s): ${total.stored} stored, ${total.duplicates} already there, ${total.rejected} refused; ${pending} pending`,
  );
  return ONCE_EXIT.ok;
}
