import pg from "pg";
import { env } from "./env";
import { log } from "./log";

/**
 * Cross-node wake-ups over Postgres LISTEN/NOTIFY: one listening connection per process, shared by
 * every waiter. A waiter is woken early when its key is notified on its channel and otherwise at its
 * timeout, so a lost notification (connection dropped, node restarted) costs latency, never a result:
 * callers re-read the database after every wake-up.
 */
type Waiter = { key: string; wake: () => void };

const g = globalThis as unknown as {
  __luminousNotify?: {
    client: pg.Client;
    ready: Promise<void>;
    channels: Set<string>;
    waiters: Map<string, Set<Waiter>>;
  };
};

function listener() {
  if (g.__luminousNotify) return g.__luminousNotify;
  const client = new pg.Client({ connectionString: env().DATABASE_URL });
  const state = {
    client,
    ready: client.connect().then(() => undefined),
    channels: new Set<string>(),
    waiters: new Map<string, Set<Waiter>>(),
  };
  client.on("notification", (n) => {
    for (const w of state.waiters.get(n.channel) ?? []) if (w.key === n.payload) w.wake();
  });
  client.on("error", (err) => {
    log("warn", "notification listener closed", { err: err.message });
    if (g.__luminousNotify === state) g.__luminousNotify = undefined;
    for (const set of state.waiters.values()) for (const w of set) w.wake();
  });
  state.ready.catch(() => {
    if (g.__luminousNotify === state) g.__luminousNotify = undefined;
  });
  g.__luminousNotify = state;
  return state;
}

const CHANNEL_RE = /^[a-z_]{1,40}$/;

/** Resolves when `key` is notified on `channel`, or after `ms`, whichever comes first. */
export async function waitForNotify(channel: string, key: string, ms: number): Promise<void> {
  if (!CHANNEL_RE.test(channel)) throw new Error(`bad channel ${channel}`);
  let timer: NodeJS.Timeout | undefined;
  const sleep = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  const state = listener();
  const set = state.waiters.get(channel) ?? new Set<Waiter>();
  state.waiters.set(channel, set);
  let wake = () => {};
  const woken = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const waiter: Waiter = { key, wake };
  set.add(waiter);
  try {
    await state.ready;
    if (!state.channels.has(channel)) {
      state.channels.add(channel);
      await state.client.query(`LISTEN ${channel}`);
    }
    await Promise.race([sleep, woken]);
  } catch {
    await sleep; // no listener: plain timeout, the caller re-reads anyway
  } finally {
    clearTimeout(timer);
    set.delete(waiter);
  }
}

/** Closes the listening connection (tests and one-shot scripts). */
export async function closeNotifyListener(): Promise<void> {
  const state = g.__luminousNotify;
  g.__luminousNotify = undefined;
  if (!state) return;
  for (const set of state.waiters.values()) for (const w of set) w.wake();
  await state.client.end().catch(() => undefined);
}
