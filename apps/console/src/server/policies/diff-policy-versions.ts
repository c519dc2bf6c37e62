import { diffPolicies, type TPolicy } from "@luminous/policy";
import type { Ctx } from "../http/guard";
import { loadPolicy, loadVersion } from "./load-policy";

/**
 * Field-level differences between any two versions of a policy, as their authors wrote them: a
 * field absent on one side (`undefined`) is inherited from earlier layers / the defaults there.
 * Locked-path changes are listed apart, since they change what lower layers may do.
 */
export async function diffPolicyVersions(ctx: Ctx, policyId: string, from: number, to: number) {
  const p = await loadPolicy(ctx, policyId);
  const [a, b] = await Promise.all([loadVersion(ctx, p.id, from), loadVersion(ctx, p.id, to)]);
  const changes = diffPolicies(a.document as unknown as TPolicy, b.document as unknown as TPolicy).map((c) => ({
    path: c.path,
    before: c.before ?? null,
    after: c.after ?? null,
    kind: c.before === undefined ? "added" : c.after === undefined ? "removed" : "changed",
  }));
  return {
    from: { number: a.number, note: a.note, author: a.authorLabel, createdAt: a.createdAt.toISOString() },
    to: { number: b.number, note: b.note, author: b.authorLabel, createdAt: b.createdAt.toISOString() },
    changes,
    locks: {
      added: b.lockedPaths.filter((x) => !a.lockedPaths.includes(x)),
      removed: a.lockedPaths.filter((x) => !b.lockedPaths.includes(x)),
    },
  };
}
export type TPolicyDiff = Awaited<ReturnType<typeof diffPolicyVersions>>;
