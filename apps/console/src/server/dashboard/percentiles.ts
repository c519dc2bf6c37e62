/**
 * Nearest-rank percentiles over counted buckets: the smallest bucket value such that at least
 * p % of all values are at or below it. Buckets are durations rounded down to two significant
 * digits, so the result is the true nearest-rank percentile rounded the same way.
 */
export function bucketPercentiles(
  buckets: { value: number; n: number }[],
  ps: readonly number[],
): { count: number; values: (number | null)[] } {
  const sorted = buckets.filter((b) => b.n > 0).sort((a, b) => a.value - b.value);
  const count = sorted.reduce((s, b) => s + b.n, 0);
  const values = ps.map((p) => {
    if (count === 0) return null;
    const rank = Math.max(1, Math.ceil((p / 100) * count));
    let seen = 0;
    for (const b of sorted) {
      seen += b.n;
      if (seen >= rank) return b.value;
    }
    return sorted[sorted.length - 1]!.value;
  });
  return { count, values };
}

/** The bucket a duration is counted in (as audit_duration_bucket() in SQL does). */
export function durationBucket(ms: number): number {
  if (ms < 100) return ms;
  const step = 10 ** (String(Math.trunc(ms)).length - 2);
  return ms - (ms % step);
}
