/**
 * Postgres text and jsonb cannot hold U+0000, so the console refuses an event that carries one.
 * The agent refuses it too, before spooling it, so it is never sent only to be refused.
 */
export const NUL_MESSAGE = "must not contain NUL characters (U+0000), which the audit store cannot keep";

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
    if (k.includes("\u0000")) return p.replaceAll("\u0000", "\\u0000");
    const found = findNul(v, p);
    if (found) return found;
  }
  return null;
}
