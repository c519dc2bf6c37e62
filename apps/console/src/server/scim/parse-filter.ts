import { type Filter, parse } from "scim2-parse-filter";
import { scimBad } from "./scim-error";

export const FILTER_LIMITS = { maxLength: 2048, maxDepth: 8, maxNodes: 64 } as const;

/**
 * Parses a SCIM filter (RFC 7644 section 3.4.2.2) with scim2-parse-filter, within limits checked
 * before the parser runs: the parser recurses once per bracket, so nesting is counted on the text
 * first (quoted strings skipped), and the length and number of terms are bounded.
 */
export function parseFilter(text: string): Filter {
  if (text.length > FILTER_LIMITS.maxLength) {
    throw scimBad("invalidFilter", `filter is longer than ${FILTER_LIMITS.maxLength} characters`);
  }
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "(" || c === "[") {
      if (++depth > FILTER_LIMITS.maxDepth) {
        throw scimBad("invalidFilter", `filter nests deeper than ${FILTER_LIMITS.maxDepth} levels`);
      }
    } else if (c === ")" || c === "]") depth--;
    // Control characters have no place in a filter (and would end up in logs).
    else if (c !== undefined && c < " ") throw scimBad("invalidFilter", "filter contains a control character");
  }
  let ast: Filter;
  try {
    ast = parse(text);
  } catch (e) {
    throw scimBad("invalidFilter", `filter is not valid: ${String((e as Error).message ?? e).slice(0, 120)}`);
  }
  if (countNodes(ast) > FILTER_LIMITS.maxNodes) {
    throw scimBad("invalidFilter", `filter has more than ${FILTER_LIMITS.maxNodes} terms`);
  }
  return ast;
}

function countNodes(f: Filter): number {
  let n = 0;
  const stack: Filter[] = [f];
  while (stack.length) {
    const x = stack.pop()!;
    n++;
    if (x.op === "and" || x.op === "or") stack.push(...x.filters);
    else if (x.op === "not") stack.push(x.filter);
    else if (x.op === "[]") stack.push(x.valFilter);
  }
  return n;
}
