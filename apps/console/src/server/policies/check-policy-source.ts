import {
  type DeepPartial,
  mergePolicies,
  type PolicyError,
  parsePolicyPatch,
  policyHash,
  type TPolicy,
  type TPolicyPatch,
} from "@luminous/policy";
import { AppError } from "../http/errors";

export type SourceCheck =
  | {
      ok: true;
      document: TPolicyPatch;
      hash: string;
      /** This policy alone over the secure defaults: what an org with only this policy enforces. */
      standalone: TPolicy;
    }
  | { ok: false; errors: PolicyError[] };

/**
 * A policy version stores what its author wrote: any subset of the policy (an org baseline
 * usually sets most of it, a group or device override only a few fields). Omitted fields fall
 * through to earlier layers and finally to the secure defaults, so they are never filled in here.
 */
export function checkPolicySource(source: string): SourceCheck {
  if (source.trim() === "")
    return { ok: false, errors: [{ path: "", line: 1, column: 1, message: "The policy is empty" }] };
  const r = parsePolicyPatch(source);
  if (!r.ok) return r;
  const standalone = mergePolicies([{ source: "this policy", policy: r.patch as DeepPartial<TPolicy> }]).policy;
  return { ok: true, document: r.patch, hash: policyHash(r.patch as TPolicy), standalone };
}

/** A 422 naming the `source` field, each message carrying the line and the policy path. */
export function sourceError(errors: PolicyError[]): AppError {
  const fields = errors.map((e) => ({
    path: "source",
    message: `${e.line ? `line ${e.line}${e.column ? `:${e.column}` : ""}: ` : ""}${e.path ? `${e.path}: ` : ""}${e.message}`,
  }));
  return new AppError("validation", `The policy is not valid: ${fields.map((f) => f.message).join("; ")}`, { fields });
}

export function parseSourceOrThrow(source: string) {
  const r = checkPolicySource(source);
  if (!r.ok) throw sourceError(r.errors);
  return r;
}
