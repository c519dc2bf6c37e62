import { JSON_LIMITS } from "./limits";

/** A value in JSON text that opens a level past the limit: where it is, as a path of keys and indices. */
export interface TooDeep {
  path: (string | number)[];
  /** Offset in the text where the too-deep value starts. */
  offset: number;
}

export interface DepthScan {
  /** Each too-deep subtree once (a subtree past the limit is skipped, not reported per level). */
  tooDeep: TooDeep[];
  /** True when the scan stopped after `maxReports` findings. */
  truncated: boolean;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/** Index of the quote closing the string opened at `open`, or -1 when it is never closed. */
function closingQuote(text: string, open: number): number {
  let j = text.indexOf('"', open + 1);
  while (j !== -1) {
    let k = j - 1;
    while (text.charCodeAt(k) === BACKSLASH) k--;
    if ((j - 1 - k) % 2 === 0) return j; // an even run of backslashes escapes only themselves
    j = text.indexOf('"', j + 1);
  }
  return -1;
}

/** Index of the bracket closing the container opened at `open` (or the text's end), without recursion. */
function skipContainer(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = closingQuote(text, i);
      if (i === -1) return text.length;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) depth++;
    else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return text.length;
}

function decodeKey(text: string, start: number, end: number): string {
  const raw = text.slice(start, end);
  if (raw.indexOf("\\") === -1) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/**
 * Finds the values of a JSON text that nest deeper than `maxDepth` (the root is level 1) without
 * parsing it and without recursion: one pass over the characters, strings skipped with indexOf.
 * It does not validate the text (JSON.parse does that afterwards); on malformed text it still
 * ends, and never throws. The path of a finding names the member or index at every level above it.
 */
export function scanJsonDepth(text: string, opts: { maxDepth?: number; maxReports?: number } = {}): DepthScan {
  const maxDepth = opts.maxDepth ?? JSON_LIMITS.maxDepth;
  const maxReports = opts.maxReports ?? 1;
  const tooDeep: TooDeep[] = [];
  // Per open level (1..maxDepth): object or array, the current member's key (offsets into the
  // text; decoded only for a finding), the current element's index, and whether a key comes next.
  const isObject: boolean[] = [];
  const keyStart: number[] = [];
  const keyEnd: number[] = [];
  const index: number[] = [];
  const wantKey: boolean[] = [];
  let depth = 0;
  const pathHere = (): (string | number)[] => {
    const path: (string | number)[] = [];
    for (let l = 1; l <= depth; l++) {
      if (!isObject[l]) path.push(index[l]!);
      else if (keyStart[l]! >= 0) path.push(decodeKey(text, keyStart[l]!, keyEnd[l]!));
    }
    return path;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = closingQuote(text, i);
      if (end === -1) break; // unterminated: JSON.parse reports it
      if (depth > 0 && wantKey[depth]) {
        keyStart[depth] = i + 1;
        keyEnd[depth] = end;
        wantKey[depth] = false;
      }
      i = end;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (depth >= maxDepth) {
        tooDeep.push({ path: pathHere(), offset: i });
        if (tooDeep.length >= maxReports) return { tooDeep, truncated: true };
        i = skipContainer(text, i);
        continue;
      }
      depth++;
      isObject[depth] = c === OPEN_OBJECT;
      wantKey[depth] = c === OPEN_OBJECT;
      keyStart[depth] = -1;
      index[depth] = 0;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (depth > 0) depth--;
    } else if (c === COMMA && depth > 0) {
      if (isObject[depth]) {
        wantKey[depth] = true;
        keyStart[depth] = -1;
      } else index[depth]!++;
    }
  }
  return { tooDeep, truncated: false };
}
