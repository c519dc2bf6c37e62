import type { ZodType } from "zod";
import { globMatch } from "./glob";
import { type DeepPartial, defaultPolicy, type TPolicy, ZPolicyDocument } from "./schema";

export interface PolicyLayer {
  /** Who this layer comes from, e.g. "org", "group:developers", "device:ws-042"; used in `rejected`. */
  source: string;
  policy: DeepPartial<TPolicy>;
  /** Paths ("commands.blacklist") or whole sections ("llm") later layers may only tighten. */
  locked?: string[];
}

export interface MergeResult {
  policy: TPolicy;
  locked: string[];
  rejected: { source: string; path: string; reason: string }[];
}

/**
 * How a locked field may still change. `union`: restricting list, entries may only be added.
 * `intersection`: permitting list, entries may only be removed. `safe`: boolean that may only
 * move to the given value. `order`: value may only move right in the list. `min`/`max`: number
 * may only go down/up. `fixed`: may not change at all.
 */
type Tightening =
  | { kind: "union" }
  | { kind: "intersection"; emptyMeansAny: boolean }
  | { kind: "safe"; value: boolean }
  | { kind: "order"; order: readonly string[] }
  | { kind: "min" }
  | { kind: "max" }
  | { kind: "fixed" };

const union = { kind: "union" } as const;
const fixed = { kind: "fixed" } as const;
const safe = (value: boolean) => ({ kind: "safe", value }) as const;

export const TIGHTENING: Record<string, Tightening> = {
  "commands.mode": { kind: "order", order: ["blacklist", "whitelist"] },
  "commands.whitelist": { kind: "intersection", emptyMeansAny: false },
  "commands.blacklist": union,
  "commands.require_approval": union,
  "mfa.operations": union,
  "mfa.method": fixed,
  "mfa.timeout_seconds": { kind: "min" },
  "packages.allow": { kind: "intersection", emptyMeansAny: true },
  "packages.deny": union,
  "safety.require_confirmation": safe(true),
  "safety.dry_run_default": safe(true),
  "rollback.on_failed_execution": safe(true),
  "rollback.on_failed_health_check": safe(true),
  "llm.provider": fixed,
  "llm.model": fixed,
  "llm.endpoint": fixed,
  "llm.allow_external": safe(false),
  "llm.fallback_provider": fixed,
  "voice.enabled": safe(false),
  "voice.wake_word": fixed,
  "voice.require_proximity": safe(true),
  "voice.record_audio": safe(false),
  "voice.local_processing_only": safe(true),
  "voice.network_voice": safe(false),
  "audit.enabled": safe(true),
  "audit.level": { kind: "order", order: ["minimal", "standard", "verbose"] },
  "audit.events": union,
  "audit.context_fields": union,
  "audit.retention_days": { kind: "max" },
  "approvals.levels": fixed,
  "approvals.expire_after_seconds": { kind: "min" },
  "approvals.valid_for_seconds": { kind: "min" },
  "approvals.reason_on_approve": safe(true),
  "approvals.break_glass": { kind: "intersection", emptyMeansAny: false },
};

type Outcome = { value: unknown; rejected?: string };

function tighten(rule: Tightening, current: unknown, next: unknown): Outcome {
  switch (rule.kind) {
    case "union": {
      const cur = current as string[];
      const nxt = next as string[];
      const value = [...cur, ...nxt.filter((x) => !cur.includes(x))];
      const removed = cur.filter((x) => !nxt.includes(x));
      return { value, rejected: removed.length ? `may only add entries; kept ${removed.join(", ")}` : undefined };
    }
    case "intersection": {
      const cur = current as string[];
      const nxt = next as string[];
      // An empty package allow list means "any package": anything listed is narrower, and
      // emptying a non-empty list would widen it to everything.
      if (rule.emptyMeansAny && cur.length === 0) return { value: nxt };
      if (rule.emptyMeansAny && nxt.length === 0)
        return { value: cur, rejected: "may only remove entries, not clear the list" };
      const within = (x: string) =>
        cur.includes(x) || (rule.emptyMeansAny && !/[*?]/.test(x) && cur.some((p) => globMatch(p, x)));
      const value = nxt.filter(within);
      const added = nxt.filter((x) => !within(x));
      if (rule.emptyMeansAny && value.length === 0) {
        return { value: cur, rejected: `may only remove entries; ${added.join(", ")} not allowed` };
      }
      return { value, rejected: added.length ? `may only remove entries; ignored ${added.join(", ")}` : undefined };
    }
    case "safe":
      return next === current || next === rule.value
        ? { value: next }
        : { value: current, rejected: `may only be ${rule.value}` };
    case "order": {
      const ok = rule.order.indexOf(next as string) >= rule.order.indexOf(current as string);
      return ok ? { value: next } : { value: current, rejected: `may only move towards ${rule.order.at(-1)}` };
    }
    case "min":
      return (next as number) <= (current as number)
        ? { value: next }
        : { value: current, rejected: "may only decrease" };
    case "max":
      return (next as number) >= (current as number)
        ? { value: next }
        : { value: current, rejected: "may only increase" };
    case "fixed":
      // JSON comparison: approval levels are a list of objects.
      return next === current || JSON.stringify(next) === JSON.stringify(current)
        ? { value: next }
        : { value: current, rejected: "may not change" };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Computes the effective policy from layers in order org baseline -> group(s) -> device.
 * Later layers override field by field; a path locked by an earlier layer may only be tightened
 * (see TIGHTENING and the README). Loosening attempts are dropped and listed in `rejected`.
 */
export function mergePolicies(layers: PolicyLayer[]): MergeResult {
  const policy = defaultPolicy() as unknown as Record<string, Record<string, unknown>>;
  const lockedBy = new Map<string, string>();
  const rejected: MergeResult["rejected"] = [];
  const sections = ZPolicyDocument.shape;

  for (const layer of layers) {
    const reject = (path: string, reason: string) => rejected.push({ source: layer.source, path, reason });
    for (const [section, patch] of Object.entries(layer.policy as Record<string, unknown>)) {
      if (patch === undefined) continue;
      const sectionSchema = Object.hasOwn(sections, section) ? sections[section as keyof typeof sections] : undefined;
      const target = policy[section];
      if (!sectionSchema || !target) {
        reject(section, "unknown section");
        continue;
      }
      if (!isRecord(patch)) {
        reject(section, "must be an object");
        continue;
      }
      const fields = sectionSchema.shape as Record<string, ZodType>;
      for (const [field, value] of Object.entries(patch)) {
        if (value === undefined) continue;
        const path = `${section}.${field}`;
        const fieldSchema = Object.hasOwn(fields, field) ? fields[field] : undefined;
        if (!fieldSchema) {
          reject(path, "unknown field");
          continue;
        }
        const parsed = fieldSchema.safeParse(value);
        if (!parsed.success) {
          reject(path, `invalid value: ${parsed.error.issues[0]?.message ?? "rejected by schema"}`);
          continue;
        }
        const owner = lockedBy.get(path) ?? lockedBy.get(section);
        const rule = TIGHTENING[path];
        if (owner === undefined || !rule) {
          target[field] = parsed.data;
          continue;
        }
        const outcome = tighten(rule, target[field], parsed.data);
        target[field] = outcome.value;
        if (outcome.rejected) reject(path, `locked by ${owner}: ${outcome.rejected}`);
      }
    }
    // Locks bind the layers after the one that sets them, so they are recorded last.
    for (const path of layer.locked ?? []) {
      const [section, field, ...rest] = path.split(".");
      const known =
        rest.length === 0 &&
        (field === undefined
          ? section !== undefined && Object.hasOwn(sections, section)
          : Object.hasOwn(TIGHTENING, path));
      if (!known) reject(path, "unknown path, lock ignored");
      else if (!lockedBy.has(path)) lockedBy.set(path, layer.source);
    }
  }

  return { policy: ZPolicyDocument.parse(policy), locked: [...lockedBy.keys()].sort(), rejected };
}
