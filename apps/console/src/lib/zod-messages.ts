import { z } from "zod";

/**
 * One message style for every validation error, in forms and in API answers: the field, then what
 * it must be ("Name must be at most 500 characters"), instead of zod's own text ("Too big: expected
 * string to have <=500 characters"). A schema's own message still wins; this is zod's global
 * error map, so importing this module once per runtime (server: respond.ts, browser: form.tsx) is
 * enough.
 */
type Issue = z.core.$ZodRawIssue;

const WORDS: Record<string, string> = { id: "ID", ids: "IDs", url: "URL", uri: "URI", ip: "IP", totp: "TOTP" };

/** "expiresInDays" -> "Expires in days", "groupIds.2" -> "Group IDs item 3"; no path: "Value". */
export function fieldLabel(path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  for (const p of path) {
    if (typeof p === "number") parts.push(`item ${p + 1}`);
    else
      parts.push(
        String(p)
          .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
          .replace(/[_-]+/g, " ")
          .toLowerCase()
          .split(" ")
          .map((w) => WORDS[w] ?? w)
          .join(" "),
      );
  }
  // The field's own name, with its list's name before an "item N".
  const last = parts.length - 1;
  const named = parts[last]?.startsWith("item") ? parts.slice(-2) : parts.slice(-1);
  const text = named.join(" ") || "value";
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const plural = (n: number | bigint, one: string, many = `${one}s`) => `${n} ${Number(n) === 1 ? one : many}`;
const FORMATS: Record<string, string> = {
  email: "an email address",
  url: "a URL",
  uuid: "an ID",
  guid: "an ID",
  datetime: "a date and time such as 2026-03-01T09:30:00Z",
  date: "a date such as 2026-03-01",
  time: "a time such as 09:30",
  ipv4: "an IPv4 address",
  ipv6: "an IPv6 address",
  cidrv4: "an IPv4 range (CIDR)",
  cidrv6: "an IPv6 range (CIDR)",
  base64: "base64 text",
  base64url: "base64url text",
};

function sizeLimit(iss: Issue & { origin?: string }, bound: "most" | "least", n: number | bigint, inclusive: boolean) {
  switch (iss.origin) {
    case "string":
      return bound === "least" && Number(n) === 1 ? "is required" : `must be at ${bound} ${plural(n, "character")}`;
    case "array":
    case "set":
      return `must have at ${bound} ${plural(n, "item")}`;
    case "file":
      return `must be at ${bound} ${plural(n, "byte")}`;
    default:
      return inclusive ? `must be at ${bound} ${n}` : `must be ${bound === "most" ? "less" : "more"} than ${n}`;
  }
}

export function validationMessage(iss: Issue): string | undefined {
  const field = fieldLabel(iss.path ?? []);
  switch (iss.code) {
    case "too_big":
      return `${field} ${sizeLimit(iss, "most", iss.maximum as number, iss.inclusive !== false)}`;
    case "too_small":
      return `${field} ${sizeLimit(iss, "least", iss.minimum as number, iss.inclusive !== false)}`;
    case "invalid_type":
      return iss.input === undefined ? `${field} is required` : `${field} must be ${article(iss.expected)}`;
    case "invalid_format":
      return iss.format === "regex" || !FORMATS[iss.format]
        ? `${field} is not in the expected format`
        : `${field} must be ${FORMATS[iss.format]}`;
    case "invalid_value":
      return `${field} must be ${iss.values.length === 1 ? JSON.stringify(iss.values[0]) : `one of ${iss.values.map((v: unknown) => JSON.stringify(v)).join(", ")}`}`;
    case "unrecognized_keys":
      return `${iss.path?.length ? `${field} has` : "Has"} ${iss.keys.length === 1 ? "an unknown field" : "unknown fields"}: ${iss.keys.join(", ")}`;
    case "not_multiple_of":
      return `${field} must be a multiple of ${iss.divisor}`;
    case "invalid_union":
    case "invalid_key":
    case "invalid_element":
      return `${field} is not valid`;
    default:
      return undefined;
  }
}

function article(expected: string): string {
  const names: Record<string, string> = { int: "a whole number", nan: "NaN", array: "a list", object: "an object" };
  return names[expected] ?? `${/^[aeiou]/.test(expected) ? "an" : "a"} ${expected}`;
}

z.config({ customError: validationMessage });
