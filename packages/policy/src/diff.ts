import { canonicalize, sha256Hex } from "@luminous/crypto";
import { formatPath, type PathSegment } from "./locate";
import type { TPolicy } from "./schema";

/** SHA-256 (hex) of the policy's canonical JSON: equal policies hash equal whatever their key order. */
export function policyHash(policy: TPolicy): string {
  return sha256Hex(canonicalize(policy));
}

export interface PolicyChange {
  path: string;
  before: unknown;
  after: unknown;
}

/**
 * Field-level differences between two policies, in document order. Lists are compared as whole
 * values (their order matters to the reader of a policy), so a changed list is one change.
 */
export function diffPolicies(a: TPolicy, b: TPolicy): PolicyChange[] {
  const changes: PolicyChange[] = [];
  walk(a, b, [], changes);
  return changes;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function walk(a: unknown, b: unknown, path: PathSegment[], out: PolicyChange[]): void {
  if (isRecord(a) && isRecord(b)) {
    const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !Object.hasOwn(a, k))];
    for (const key of keys) walk(a[key], b[key], [...path, key], out);
    return;
  }
  if (a === b) return;
  if (a !== undefined && b !== undefined && canonicalize(a) === canonicalize(b)) return;
  out.push({ path: formatPath(path), before: a, after: b });
}
