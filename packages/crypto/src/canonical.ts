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
      return JSON.stringify(value);
    case "string":
      return JSON.stringify(value);
    case "object": {
      // Loops and string concatenation rather than map/filter/join: this runs for every event
      // hashed at ingestion, and the intermediate arrays were a measurable share of that cost.
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ",";
          const v = value[i];
          out += v === undefined ? "null" : canonicalize(v);
        }
        return `${out}]`;
      }
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).sort();
      let out = "{";
      for (const k of keys) {
        const v = obj[k];
        if (v === undefined) continue;
        if (out.length > 1) out += ",";
        out += `${JSON.stringify(k)}:${canonicalize(v)}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonicalize: unsupported type ${typeof value}`);
  }
}
