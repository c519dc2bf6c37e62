/**
 * Three-letter pieces of a free-text search that the command trigram index can look up instead of
 * every trigram of the phrase: the non-overlapping pieces of each run of ASCII letters and digits,
 * plus the run's last three when its length is not a multiple of three, lowercased.
 *
 * Sound: pg_trgm indexes every three consecutive characters of each word (words are runs of
 * letters and digits, lowercased), so a row whose command contains the phrase (case-insensitive)
 * holds every piece; rows found through any of the pieces and then checked against the phrase are
 * exactly the matches.
 *
 * Empty when the phrase has no run of three ASCII letters or digits.
 */
export function commandPieces(q: string): string[] {
  const pieces = new Set<string>();
  for (const run of q.toLowerCase().match(/[a-z0-9]{3,}/g) ?? []) {
    for (let i = 0; i + 3 <= run.length; i += 3) pieces.add(run.slice(i, i + 3));
    if (run.length % 3 !== 0) pieces.add(run.slice(-3));
  }
  return [...pieces];
}

/**
 * The pieces worth looking up, chosen on a sample of stored commands: each next piece is the one
 * that the fewest sampled commands holding the pieces so far also hold, and the choice stops once
 * no sampled command holds them all (at two pieces or more). A phrase of common words that occurs
 * nowhere ("please install fire") otherwise makes the index intersect one long posting list per
 * trigram in every partition; two rare pieces read a fraction of that, and the few rows they find
 * that lack the phrase are dropped by the check on it. Every piece (no choice) when the sample is
 * too small to tell, or holds them all together: a common phrase, found by walking time.
 */
export function rarestPieces(pieces: string[], sample: string[], minSample = 100): string[] {
  if (pieces.length <= 2 || sample.length < minSample) return pieces;
  const lower = sample.map((c) => c.toLowerCase());
  // which sampled commands hold each piece (indexes into the sample)
  const holders = new Map<string, number[]>();
  for (const p of pieces) {
    const h: number[] = [];
    for (const [i, c] of lower.entries()) if (c.includes(p)) h.push(i);
    holders.set(p, h);
  }
  const chosen: string[] = [];
  let holding = new Set(lower.keys());
  let left = pieces;
  while (left.length > 0) {
    const score = (p: string) => {
      const h = holders.get(p)!;
      return [h.filter((i) => holding.has(i)).length, h.length] as const;
    };
    const next = left.reduce((best, p) => {
      const [h, a] = score(p);
      const [bh, ba] = score(best);
      return h < bh || (h === bh && a < ba) ? p : best;
    });
    chosen.push(next);
    left = left.filter((p) => p !== next);
    holding = new Set(holders.get(next)!.filter((i) => holding.has(i)));
    if (holding.size === 0 && chosen.length >= 2) return chosen;
  }
  return pieces;
}
