/**
 * Canonical JSON (in the spirit of RFC 8785): object keys sorted by UTF-16 code units,
 * no whitespace, `undefined` members dropped. Two parties that hold the same value
 * always produce the same bytes, which is what signatures and hash chains need.
 */
export function canonicalize(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError("canonicalize: non-finite number");
      // JSON's text for a finite number is its Number-to-String conversion (-0 included: "0").
      return `${value}`;
    case "string":
      return quote(value);
    case "object":
      if (Array.isArray(value)) return canonicalArray(value);
      if (value instanceof Date) return quote(value.toISOString());
      return canonicalizeExcept(value as Record<string, unknown>, undefined);
    default:
      throw new TypeError(`canonicalize: unsupported type ${typeof value}`);
  }
}

/**
 * canonicalize() of a plain object without one of its members: what a hash over "everything but
 * its own `hash` field" covers, without copying the object first.
 */
export function canonicalizeExcept(obj: Record<string, unknown>, omit: string | undefined): string {
  // Loops and string concatenation rather than map/filter/join: this runs for every event
  // hashed at ingestion, and the intermediate arrays were a measurable share of that cost.
  const keys = sortedKeys(obj);
  let out = "{";
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined || k === omit) continue;
    if (out.length > 1) out += ",";
    out += quote(k);
    out += ":";
    out += canonicalize(v);
  }
  return `${out}}`;
}

function canonicalArray(value: unknown[]): string {
  let out = "[";
  for (let i = 0; i < value.length; i++) {
    if (i > 0) out += ",";
    const v = value[i];
    out += v === undefined ? "null" : canonicalize(v);
  }
  return `${out}]`;
}

/**
 * Object.keys(obj).sort(): an event's objects have a handful of keys, which an insertion sort
 * orders faster than Array#sort; larger objects (free-form details) take Array#sort. Both compare
 * UTF-16 code units.
 */
function sortedKeys(obj: object): string[] {
  const keys = Object.keys(obj);
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i] as string;
    let j = i - 1;
    while (j >= 0 && (keys[j] as string) > k) {
      keys[j + 1] = keys[j] as string;
      j--;
    }
    keys[j + 1] = k;
  }
  return keys;
}

/**
 * A string exactly as JSON.stringify quotes it. Most strings need no escape, and wrapping them
 * in quotes here costs far less than a call into JSON.stringify for each; anything JSON escapes
 * (a quote, a backslash, a control character, a surrogate that may be unpaired) goes to
 * JSON.stringify itself.
 */
function quote(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return `"${s}"`;
}
