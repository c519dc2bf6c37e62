import {
  type DeepPartial,
  defaultPolicy,
  type MergeResult,
  mergePolicies,
  type PolicyLayer,
  type TPolicy,
} from "@luminous/policy";
import { db, type Tx } from "../db";

const SCOPE_ORDER: Record<string, number> = { org: 0, group: 1, device: 2 };

/**
 * A device's effective policy: org-scope assignments, then its group's, then its own, each using
 * the policy's latest published version, merged with the lock rules of @luminous/policy.
 * No assignment at all gives the secure defaults.
 */
export async function compileDevicePolicy(
  orgId: string,
  device: { id: string; groupId: string | null },
  tx: Tx = db(),
): Promise<MergeResult & { sources: string[] }> {
  const scopes = [
    { scope: "org" },
    { scope: "device", deviceId: device.id },
    ...(device.groupId ? [{ scope: "group", groupId: device.groupId }] : []),
  ];
  const assignments = await tx.policyAssignment.findMany({
    where: { orgId, OR: scopes },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      scope: true,
      policy: {
        select: {
          id: true,
          name: true,
          versions: {
            where: { publishedAt: { not: null } },
            orderBy: { number: "desc" },
            take: 1,
            select: { number: true, document: true, lockedPaths: true },
          },
        },
      },
    },
  });
  const layers: PolicyLayer[] = [];
  const sources: string[] = [];
  const ordered = [...assignments].sort((a, b) => (SCOPE_ORDER[a.scope] ?? 9) - (SCOPE_ORDER[b.scope] ?? 9));
  for (const a of ordered) {
    const v = a.policy.versions[0];
    if (!v) continue; // assigned but never published: nothing to enforce yet
    const source = `${a.scope}:${a.policy.name}@${v.number}`;
    layers.push({ source, policy: v.document as DeepPartial<TPolicy>, locked: v.lockedPaths });
    sources.push(source);
  }
  if (layers.length === 0) return { policy: defaultPolicy(), locked: [], rejected: [], sources };
  return { ...mergePolicies(layers), sources };
}
