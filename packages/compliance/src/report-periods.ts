/** How often a scheduled report is generated: each covers the whole previous period (UTC). */
export const CADENCES = ["monthly", "weekly"] as const;
export type TCadence = (typeof CADENCES)[number];

const DAY = 86_400_000;

/**
 * The last whole period before `now`: the previous calendar month, or the previous ISO week
 * (Monday 00:00 to Monday 00:00), UTC, as a half-open [from, to).
 */
export function previousPeriod(cadence: TCadence, now: Date): { from: Date; to: Date } {
  if (cadence === "monthly") {
    const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    return { from: new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() - 1, 1)), to };
  }
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const sinceMonday = (new Date(midnight).getUTCDay() + 6) % 7;
  const to = new Date(midnight - sinceMonday * DAY);
  return { from: new Date(to.getTime() - 7 * DAY), to };
}
