import { formatPath, JSON_LIMITS, tooDeepMessage } from "./limits";
import { scanJsonDepth } from "./scan-depth";

export type JsonLimitKind = "too_large" | "too_deep" | "malformed";

/** JSON from outside refused before anything walks it; `path` names the failing field ("(body)" for the whole). */
export class JsonLimitError extends Error {
  constructor(
    readonly kind: JsonLimitKind,
    readonly path: string,
    readonly detail: string,
  ) {
    super(path === "(body)" ? detail : `${path}: ${detail}`);
    this.name = "JsonLimitError";
  }
}

export interface JsonLimitOptions {
  maxDepth?: number;
  /** UTF-8 bytes of the text. */
  maxBytes?: number;
  /** What an empty (or all-whitespace) text stands for; without it, empty text is malformed. */
  empty?: unknown;
  /** Name of the whole document in refusals ("(body)", "(stdin)", "--details"). */
  root?: string;
}

/** Whether a text is over `max` UTF-8 bytes; a text of at most max/3 UTF-16 units never is, so it is not measured. */
const overBytes = (s: string, max: number) => s.length > max || (s.length * 3 > max && Buffer.byteLength(s) > max);

/**
 * JSON.parse behind the shared limits: size first, then a scan of the nesting depth on the raw
 * text, then the (iterative, native) parse. What it returns can be validated and encoded by
 * recursive code without overflowing the stack.
 */
export function parseJsonWithin(text: string, opts: JsonLimitOptions = {}): unknown {
  const maxDepth = opts.maxDepth ?? JSON_LIMITS.maxDepth;
  const maxBytes = opts.maxBytes ?? JSON_LIMITS.maxBytes;
  const root = opts.root ?? "(body)";
  if (overBytes(text, maxBytes)) {
    throw new JsonLimitError("too_large", root, `is larger than ${maxBytes} bytes`);
  }
  if (opts.empty !== undefined && text.trim() === "") return opts.empty;
  const scan = scanJsonDepth(text, { maxDepth });
  const deep = scan.tooDeep[0];
  if (deep) throw new JsonLimitError("too_deep", formatPath(deep.path, root), tooDeepMessage(maxDepth));
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new JsonLimitError("malformed", root, `malformed JSON (${(e as Error).message})`);
  }
}
