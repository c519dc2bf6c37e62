/**
 * Rows of the audit table in COPY's text format (tab-separated columns, \N for NULL, backslash
 * escapes). Postgres reads this format with its cheapest input path: a batch sent as JSON was
 * parsed once per json_to_recordset call and every jsonb column a second time, which cost
 * Postgres more CPU per event than inserting the row and its indexes.
 */

const NEEDS_ESCAPE = /[\\\n\r\t]/;
const ESCAPES = /[\\\n\r\t]/g;
const ESCAPED: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * COPY cannot carry U+0000 in a text value (Postgres text never holds it), so such a value is
 * refused here with the column's name rather than failing the whole COPY with a byte offset.
 */
export class NulInAuditValue extends Error {
  constructor(readonly column: string) {
    super(`audit column "${column}" holds a NUL character (U+0000), which Postgres text cannot store`);
  }
}

function escapeText(column: string, v: string): string {
  if (v.includes("\u0000")) throw new NulInAuditValue(column);
  return NEEDS_ESCAPE.test(v) ? v.replace(ESCAPES, (c) => ESCAPED[c]!) : v;
}

/** A text, uuid, timestamp or integer value (already in Postgres's input form), or NULL. */
export function copyText(column: string, v: string | number | bigint | null | undefined): string {
  if (v === null || v === undefined) return "\\N";
  return typeof v === "string" ? escapeText(column, v) : String(v);
}

// JSON.stringify writes U+0000 as \u0000 (which jsonb refuses); a backslash before it that is
// itself escaped (\\u0000, the six characters "\u0000" as text) is not one.
const JSON_NUL = /(?:^|[^\\])(?:\\\\)*\\u0000/;

/** A json/jsonb value, or NULL. */
export function copyJson(column: string, v: unknown): string {
  if (v === null || v === undefined) return "\\N";
  const s = JSON.stringify(v);
  if (s.includes("\\u0000") && JSON_NUL.test(s)) throw new NulInAuditValue(column);
  return escapeText(column, s);
}

const ARRAY_QUOTE = /["\\]/g;

/** A text[] value: every element quoted (so empty strings, commas, braces and "NULL" stay text). */
export function copyTextArray(column: string, values: readonly string[] | null | undefined): string {
  if (!values) return "\\N";
  if (values.length === 0) return "{}";
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ",";
    out += `"${values[i]!.replace(ARRAY_QUOTE, "\\$&")}"`;
  }
  return escapeText(column, `${out}}`);
}
