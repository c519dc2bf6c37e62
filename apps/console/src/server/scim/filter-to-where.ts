import type { Filter } from "scim2-parse-filter";
import { scimBad } from "./scim-error";

/**
 * Turns a parsed SCIM filter into a Prisma `where` through a table of the attributes a resource
 * can be filtered on: an attribute outside the table is `invalidFilter`, never a guess, and every
 * value reaches the database as a bound parameter.
 */
export type Where = Record<string, unknown>;
type Comparison = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "lt" | "ge" | "le" | "pr";

/** Builds the condition for one attribute; `value` is undefined for `pr`. */
export type AttributeFilter = (op: Comparison, value: boolean | null | number | string | undefined) => Where;

export type AttributeTable = Record<string, AttributeFilter>;

const NOT_FOUND = { AND: [{ createdAt: { lt: new Date(0) } }, { createdAt: { gt: new Date(0) } }] };

export function filterToWhere(f: Filter, table: AttributeTable, prefix = ""): Where {
  switch (f.op) {
    case "and":
      return { AND: f.filters.map((x) => filterToWhere(x, table, prefix)) };
    case "or":
      return { OR: f.filters.map((x) => filterToWhere(x, table, prefix)) };
    case "not":
      return { NOT: filterToWhere(f.filter, table, prefix) };
    case "[]":
      return filterToWhere(f.valFilter, table, `${prefix}${f.attrPath}.`);
    default: {
      const attr = attributeOf(table, `${prefix}${f.attrPath}`);
      return attr(f.op, "compValue" in f ? f.compValue : undefined);
    }
  }
}

function attributeOf(table: AttributeTable, path: string): AttributeFilter {
  // Attribute names are case-insensitive; the core schema URN may prefix them.
  const key = path.replace(/^urn:ietf:params:scim:schemas:core:2\.0:(User|Group):/i, "").toLowerCase();
  // Own entries only: "__proto__" or "constructor" must not find Object.prototype's members.
  const attr = Object.hasOwn(table, key) ? table[key] : undefined;
  if (!attr) throw scimBad("invalidFilter", `filtering on "${path.slice(0, 120)}" is not supported`);
  return attr;
}

/** A text attribute in a column; `insensitive` for attributes with caseExact false. */
export function textColumn(column: string, insensitive: boolean): AttributeFilter {
  const mode = insensitive ? { mode: "insensitive" as const } : {};
  return (op, value) => {
    if (op === "pr") return { [column]: { not: null } };
    if (typeof value !== "string") {
      if (value === null && op === "eq") return { [column]: null };
      throw scimBad("invalidFilter", `${column} is compared with a string`);
    }
    const cond: Record<Comparison, unknown> = {
      eq: { equals: value, ...mode },
      ne: { not: { equals: value, ...mode } },
      co: { contains: value, ...mode },
      sw: { startsWith: value, ...mode },
      ew: { endsWith: value, ...mode },
      gt: { gt: value },
      ge: { gte: value },
      lt: { lt: value },
      le: { lte: value },
      pr: null,
    };
    return op === "ne" ? { NOT: { [column]: { equals: value, ...mode } } } : { [column]: cond[op] };
  };
}

export function booleanColumn(column: string): AttributeFilter {
  return (op, value) => {
    if (op === "pr") return {};
    if (typeof value !== "boolean" || (op !== "eq" && op !== "ne")) {
      throw scimBad("invalidFilter", `${column} is compared with eq or ne and true or false`);
    }
    return { [column]: op === "eq" ? value : !value };
  };
}

export function dateColumn(column: string): AttributeFilter {
  return (op, value) => {
    if (op === "pr") return {};
    const d = typeof value === "string" ? new Date(value) : null;
    if (!d || Number.isNaN(d.getTime())) throw scimBad("invalidFilter", `${column} is compared with a date-time`);
    const map: Partial<Record<Comparison, string>> = { eq: "equals", gt: "gt", ge: "gte", lt: "lt", le: "lte" };
    if (op === "ne") return { NOT: { [column]: d } };
    const p = map[op];
    if (!p) throw scimBad("invalidFilter", `${column} cannot be compared with ${op}`);
    return { [column]: { [p]: d } };
  };
}

/** An id: anything that is not a UUID matches nothing (rather than a database error). */
export function idColumn(column: string): AttributeFilter {
  return (op, value) => {
    if (op === "pr") return {};
    if (op !== "eq" && op !== "ne") throw scimBad("invalidFilter", "id is compared with eq or ne");
    const ok = typeof value === "string" && /^[0-9a-f-]{36}$/i.test(value);
    if (op === "eq") return ok ? { [column]: value } : NOT_FOUND;
    return ok ? { NOT: { [column]: value } } : {};
  };
}

/** A condition on a related row (`user`, `memberships`) built from another attribute filter. */
export function nested(relation: string, inner: AttributeFilter, many = false): AttributeFilter {
  return (op, value) => ({ [relation]: many ? { some: inner(op, value) } : inner(op, value) });
}
