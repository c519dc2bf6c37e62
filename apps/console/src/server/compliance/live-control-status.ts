import { type ControlStatus, createEvaluator, FRAMEWORKS } from "@luminous/compliance";
import { loadPopulation } from "./load-population";
import { streamPeriodEvents } from "./stream-period-events";

const DAY = 86_400_000;
/** How long today's live evaluation is reused as it is, and how long a stale one is still served while it refreshes. */
const FRESH_MS = 60_000;
const STALE_MS = 15 * 60_000;

interface Entry {
  at: number;
  value: Promise<Map<string, ControlStatus>>;
}
const cache = new Map<string, Entry>();

/** Every control's status over today (UTC midnight to now), all frameworks in one pass over today's events. */
async function evaluateToday(orgId: string, now: Date): Promise<Map<string, ControlStatus>> {
  const from = new Date(Math.floor(now.getTime() / DAY) * DAY);
  const population = await loadPopulation(orgId, now);
  const period = { from: from.toISOString(), to: now.toISOString() };
  const evaluators = FRAMEWORKS.map((f) => createEvaluator(f, period, population));
  for await (const e of streamPeriodEvents(orgId, from, now)) for (const ev of evaluators) ev.add(e);
  return new Map(evaluators.flatMap((ev) => ev.finish().map((c) => [c.controlId, c.status] as const)));
}

/**
 * Today's status of every control, for the dashboard (the stored history covers whole days up to
 * yesterday). Cached per org and node: reused for a minute, then served stale for up to 15 minutes
 * while one refresh runs, so only an org's first look (or one after a long pause) waits for it.
 */
export function liveControlStatus(orgId: string, now = new Date()): Promise<Map<string, ControlStatus>> {
  const hit = cache.get(orgId);
  const age = hit ? now.getTime() - hit.at : Number.POSITIVE_INFINITY;
  const sameDay = hit && Math.floor(hit.at / DAY) === Math.floor(now.getTime() / DAY);
  if (hit && sameDay && age < FRESH_MS) return hit.value;
  const fresh: Entry = { at: now.getTime(), value: evaluateToday(orgId, now) };
  fresh.value.then(
    () => cache.set(orgId, fresh),
    () => {
      if (cache.get(orgId) === fresh) cache.delete(orgId);
    },
  );
  if (hit && sameDay && age < STALE_MS) {
    // Serve the stale answer; the refresh replaces it when done (only one refresh at a time).
    hit.at = now.getTime();
    return hit.value;
  }
  cache.set(orgId, fresh);
  return fresh.value;
}

/** Forget cached evaluations (tests). */
export function clearLiveControlStatus(): void {
  cache.clear();
}
