import { formatPath, JSON_LIMITS, tooDeepMessage } from "./limits";

export interface ValueLimitOptions {
  maxDepth?: number;
  maxStringLength?: number;
  maxNodes?: number;
}

export interface ValueLimitProblem {
  path: string;
  message: string;
}

/**
 * The shared limits applied to a value someone else parsed (SSO claims from an IdP, SAML attribute
 * values): depth, string length and number of nodes, checked without recursion so a value nested
 * thousands of levels is refused instead of overflowing the stack of whatever walks it next.
 */
export function checkValueLimits(
  value: unknown,
  opts: ValueLimitOptions = {},
  root = "(value)",
): ValueLimitProblem | null {
  const maxDepth = opts.maxDepth ?? JSON_LIMITS.maxDepth;
  const maxString = opts.maxStringLength ?? JSON_LIMITS.maxStringLength;
  const maxNodes = opts.maxNodes ?? JSON_LIMITS.maxNodes;
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: value, path: [] }];
  let nodes = 0;
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (++nodes > maxNodes) return { path: root, message: `has more than ${maxNodes} values` };
    if (typeof v === "string") {
      if (v.length > maxString)
        return { path: formatPath(path, root), message: `is longer than ${maxString} characters` };
      continue;
    }
    if (typeof v !== "object" || v === null) continue;
    // `path.length + 1` is this container's level (the root container is level 1).
    if (path.length + 1 > maxDepth) return { path: formatPath(path, root), message: tooDeepMessage(maxDepth) };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, i] });
    } else {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!;
        if (k.length > maxString)
          return { path: formatPath(path, root), message: `has a key longer than ${maxString} characters` };
        stack.push({ v: (v as Record<string, unknown>)[k], path: [...path, k] });
      }
    }
  }
  return null;
}
