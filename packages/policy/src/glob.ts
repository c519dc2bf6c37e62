/**
 * Anchored glob match over package names: `*` is any run of characters (also none), `?` exactly
 * one; every other character matches itself. No regular expression is built from the pattern,
 * so a pattern can neither inject syntax nor trigger catastrophic backtracking (this is the
 * classic linear-backtrack wildcard algorithm, O(pattern x name) worst case).
 */
export function globMatch(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  let starP = -1;
  let starN = 0;
  while (n < name.length) {
    const pc = pattern[p];
    if (pc === "*") {
      starP = p++;
      starN = n;
    } else if (pc !== undefined && (pc === "?" || pc === name[n])) {
      p++;
      n++;
    } else if (starP >= 0) {
      p = starP + 1;
      n = ++starN;
    } else {
      return false;
    }
  }
  while (pattern[p] === "*") p++;
  return p === pattern.length;
}

/** The first pattern (in list order) that matches `name`, if any. */
export function firstMatch(patterns: readonly string[], name: string): string | undefined {
  return patterns.find((pattern) => globMatch(pattern, name));
}
