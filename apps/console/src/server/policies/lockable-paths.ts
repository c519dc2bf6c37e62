import { ZPolicyDocument } from "@luminous/policy";

/**
 * Paths an admin may lock: every section ("llm") and every field ("commands.blacklist") of the
 * policy schema, in schema order. Derived from the schema so a new field is lockable at once.
 */
export const LOCKABLE_PATHS: string[] = Object.entries(ZPolicyDocument.shape).flatMap(([section, schema]) => [
  section,
  ...Object.keys((schema as unknown as { shape: Record<string, unknown> }).shape).map((f) => `${section}.${f}`),
]);

const LOCKABLE = new Set(LOCKABLE_PATHS);
export const isLockablePath = (p: string) => LOCKABLE.has(p);
