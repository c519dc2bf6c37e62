/**
 * Postgres text and jsonb cannot hold U+0000, so the console refuses an event that carries one.
 * The agent refuses it too, before spooling it, so it is never sent only to be refused.
 */
export const NUL_MESSAGE = "must not contain NUL characters (U+0000), which the audit store cannot keep";

/** Text that may carry U+0000 (a refused event's field name, say), with each one written as \u0000 so it can be stored. */
export function visibleNul(s: string): string {
  return s.includes("\u0000") ? s.replaceAll("\u0000", "\\u0000") : s;
}

/** The failing fields of a refused event as both the agent and the console report them, storable as they are. */
export function issueFields(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  return issues.map((i) => ({
    path: visibleNul(i.path.map(String).join(".")) || "(event)",
    message: visibleNul(i.message),
  }));
}

/** The path of the first string or key holding U+0000 in a JSON-like value ("(event)" for the root), or null. */
export function findNul(value: unknown, path = ""): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path || "(event)" : null;
  if (typeof value !== "object" || value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = findNul(value[i], path ? `${path}.${i}` : String(i));
      if (p) return p;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    const p = path ? `${path}.${k}` : k;
    if (k.includes("\u0000")) return visibleNul(p);
    const found = findNul(v, p);
    if (found) return found;
  }
  return null;
}
