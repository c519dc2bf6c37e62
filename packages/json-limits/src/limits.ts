/**
 * The one nesting and size limit for JSON that comes from outside (agent socket and CLI, agent
 * API, admin API, SSO attributes). Parsing itself is safe in V8 (JSON.parse is iterative), but
 * everything after it recurses once per level: zod, canonical JSON, JSON.stringify, util.inspect.
 * About 1,500 levels (3 KB of brackets) overflow the stack, so depth is bounded on the raw text
 * before it is parsed, and on parsed values (SSO claims) before anything walks them.
 */
export const JSON_LIMITS: Readonly<Record<"maxDepth" | "maxBytes" | "maxStringLength" | "maxNodes", number>> = {
  /** Levels of nesting of arrays and objects; the root value is level 1. */
  maxDepth: 64,
  /** Default size of one JSON document from outside; transports may set a smaller one. */
  maxBytes: 1024 * 1024,
  /** Longest string allowed inside a parsed value checked with checkValueLimits (SSO attributes). */
  maxStringLength: 64 * 1024,
  /** Most arrays, objects and scalars in a value checked with checkValueLimits. */
  maxNodes: 10_000,
};

export const tooDeepMessage = (maxDepth: number) => `nests deeper than ${maxDepth} levels`;

/** A path as the refusals print it ("details.a.0"), shortened so a refusal of a deep value stays small. */
export function formatPath(path: readonly (string | number)[], root = "(body)"): string {
  if (path.length === 0) return root;
  const shown = path.slice(0, 16).map((p) => {
    const s = String(p).replaceAll("\u0000", "\\u0000");
    return s.length > 64 ? `${s.slice(0, 64)}…` : s;
  });
  return path.length > shown.length ? `${shown.join(".")}.…` : shown.join(".");
}
