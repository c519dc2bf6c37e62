import { isMap, isScalar, isSeq, type LineCounter, type Node } from "yaml";

export type PathSegment = string | number;

/** `["commands", "blacklist", 2]` -> `commands.blacklist[2]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? seg : `.${seg}`;
  }
  return out;
}

/**
 * Finds where `path` is written in the parsed document: the value's node when it exists, the
 * key itself when `pointAtKey` (unknown keys), otherwise the deepest ancestor that exists
 * (a missing member is reported at the mapping that should hold it).
 */
export function locate(
  root: Node | null,
  path: readonly PathSegment[],
  lineCounter: LineCounter,
  pointAtKey = false,
): { line: number; column: number } | undefined {
  let node: unknown = root;
  let offset = rangeStart(root);
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(seg));
      if (!pair) break;
      const isLast = i === path.length - 1;
      next = pointAtKey && isLast ? pair.key : (pair.value ?? pair.key);
    } else if (isSeq(node) && typeof seg === "number") {
      next = node.items[seg];
    }
    const start = rangeStart(next);
    if (start === undefined) break;
    node = next;
    offset = start;
  }
  if (offset === undefined) return undefined;
  const { line, col } = lineCounter.linePos(offset);
  return { line: Math.max(line, 1), column: col };
}

function rangeStart(node: unknown): number | undefined {
  if (typeof node !== "object" || node === null || !("range" in node)) return undefined;
  const range = (node as { range?: [number, number, number] | null }).range;
  return range ? range[0] : undefined;
}
