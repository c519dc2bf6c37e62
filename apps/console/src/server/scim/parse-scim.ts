import type { z } from "zod";
import { ScimError } from "./scim-error";

/**
 * Validates a SCIM document with its schema: a missing required attribute or a wrong type is a
 * 400 `invalidValue` naming the attribute (a type that cannot be read at all is `invalidSyntax`).
 */
export function parseScim<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const path = issue.path.map(String).join(".") || "(body)";
  throw new ScimError(400, `${path}: ${issue.message}`, "invalidValue");
}

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Refuses object keys that would reach an object's prototype when a patch walks them. */
export function assertPlainKeys(value: unknown, where = "(body)"): void {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || typeof v !== "object") continue;
    for (const [k, child] of Object.entries(v)) {
      if (FORBIDDEN_KEYS.has(k))
        throw new ScimError(400, `${where}: the attribute name "${k}" is not allowed`, "invalidValue");
      stack.push(child);
    }
  }
}
