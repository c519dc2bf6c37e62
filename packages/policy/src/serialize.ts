import { stringify } from "yaml";
import type { PolicyFormat } from "./parse";
import { type TPolicy, ZPolicyDocument } from "./schema";

/** Returns the policy with sections and fields in schema order and absent optionals dropped. */
export function orderedPolicy(policy: TPolicy): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [section, schema] of Object.entries(ZPolicyDocument.shape)) {
    const values = policy[section as keyof TPolicy] as Record<string, unknown>;
    const ordered: Record<string, unknown> = {};
    for (const field of Object.keys(schema.shape)) {
      const value = values[field];
      if (value !== undefined) ordered[field] = Array.isArray(value) ? [...value] : value;
    }
    out[section] = ordered;
  }
  return out;
}

/** Stable text for a policy: same policy, same bytes; parsePolicy(serializePolicy(p)) equals p. */
export function serializePolicy(policy: TPolicy, format: PolicyFormat): string {
  const ordered = orderedPolicy(policy);
  if (format === "json") return `${JSON.stringify(ordered, null, 2)}\n`;
  return stringify(ordered, { lineWidth: 0, indent: 2 });
}
