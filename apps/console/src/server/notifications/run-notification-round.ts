import { waitForNotify } from "../db-notify";
import { log } from "../log";
import { deliverDueNotifications } from "./deliver-notifications";
import { QUEUED_CHANNEL, QUEUED_KEY } from "./enqueue-notification";

const BATCH = 50;

/** Delivers everything due now, batch after batch. */
export async function deliverAllDue(): Promise<{ delivered: number; retrying: number; failed: number }> {
  const total = { delivered: 0, retrying: 0, failed: 0 };
  for (;;) {
    const r = await deliverDueNotifications({ limit: BATCH });
    total.delivered += r.delivered;
    total.retrying += r.retrying;
    total.failed += r.failed;
    if (r.claimed < BATCH) return total;
  }
}

/**
 * The worker's outbox loop: a round (`before`, then every due delivery), then sleep until a
 * delivery is queued (LISTEN/NOTIFY from any node) or `pollMs` passes, so retries that come due
 * are picked up too. Stops after the round in progress when `stopped()` says so.
 */
export async function runNotificationLoop(opts: {
  pollMs: number;
  stopped: () => boolean;
  before?: () => Promise<unknown>;
}): Promise<void> {
  while (!opts.stopped()) {
    try {
      await opts.before?.();
      const r = await deliverAllDue();
      if (r.delivered || r.retrying || r.failed) log("info", "notifications delivered", r);
    } catch (e) {
      log("error", "notification round failed", { err: e });
    }
    if (opts.stopped()) return;
    await waitForNotify(QUEUED_CHANNEL, QUEUED_KEY, opts.pollMs).catch(
      () => new Promise((r) => setTimeout(r, opts.pollMs)),
    );
  }
}
