/** Delay before the next poll: the interval with ±10 % jitter, so a fleet does not poll in lockstep. */
export function jitteredInterval(seconds: number, random = Math.random): number {
  return seconds * 1000 * (0.9 + 0.2 * random());
}

/**
 * After `failures` consecutive failures: exponential from min(interval, 5 s), capped at
 * min(5 min, 10 x interval) (never below the interval), with "equal jitter" (half fixed, half random).
 */
export function backoffDelay(failures: number, intervalSeconds: number, random = Math.random): number {
  const base = Math.min(intervalSeconds, 5) * 1000;
  const cap = Math.max(intervalSeconds * 1000, Math.min(300_000, intervalSeconds * 10_000));
  const raw = Math.min(cap, base * 2 ** Math.max(0, failures - 1));
  return raw / 2 + (raw / 2) * random();
}
