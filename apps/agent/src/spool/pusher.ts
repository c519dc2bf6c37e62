import { backoffDelay } from "../backoff";
import type { TConfig } from "../files";
import { PushRetryLater, pushBatch } from "./push";
import { updatePushStatus } from "./push-status";
import type { Spool } from "./spool";

export interface PusherOptions {
  spool: Spool;
  stateDir: string;
  ctx: { config: TConfig; privateKeyPem: string };
  log: (line: string) => void;
  /** Push at least this often while events wait (the "by time" trigger). */
  flushMs: number;
  /** Push at once when this many are waiting (the "by size" trigger), and the batch size. */
  batchSize: number;
}

/**
 * Pushes the spool to the console in the background: on a timer, or at once when a full batch is
 * waiting; drains while there is more. Failures back off exponentially with jitter (from the flush
 * interval up to 10x it, at most 5 min), never sooner than a Retry-After the console sent.
 */
export function startPusher(o: PusherOptions) {
  let stopping = false;
  let failures = 0;
  let wake: (() => void) | null = null;
  let timer: NodeJS.Timeout | null = null;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms);
    });

  async function round(): Promise<number> {
    updatePushStatus(o.stateDir, () => ({ lastAttemptAt: new Date().toISOString() }));
    try {
      for (;;) {
        const r = await pushBatch(o.spool, o.ctx, o.batchSize);
        if (r.sent === 0) break;
        if (r.rejected.length) {
          o.log(`console refused ${r.rejected.length} event(s): ${r.rejected[0]!.message}`);
        }
        updatePushStatus(o.stateDir, (s) => ({
          lastPushAt: new Date().toISOString(),
          lastError: null,
          rejectedTotal: s.rejectedTotal + r.rejected.length,
        }));
        if (r.sent < o.batchSize || stopping) break;
      }
      failures = 0;
      return o.flushMs;
    } catch (e) {
      failures += 1;
      const retryAfter = e instanceof PushRetryLater ? e.retryAfterMs : 0;
      const delay = Math.max(backoffDelay(failures, o.flushMs / 1000), retryAfter);
      updatePushStatus(o.stateDir, () => ({ lastError: (e as Error).message }));
      o.log(`event push failed (${failures}): ${(e as Error).message}; retrying in ${Math.round(delay)} ms`);
      return delay;
    }
  }

  const done = (async () => {
    while (!stopping) {
      const delay = await round();
      if (stopping) break;
      await sleep(delay);
    }
  })();

  return {
    /** New events were appended: push now if a full batch is waiting (and we are not backing off). */
    nudge() {
      if (failures === 0 && o.spool.pendingCount() >= o.batchSize) {
        if (timer) clearTimeout(timer);
        wake?.();
      }
    },
    /** Finish the current round (its acknowledgements are kept), then stop. */
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      wake?.();
      await done;
    },
  };
}
