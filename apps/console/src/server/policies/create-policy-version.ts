import type { Prisma } from "@luminous/db";
import { diffPolicies, type TPolicy } from "@luminous/policy";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import { AppError } from "../http/errors";
import type { Ctx } from "../http/guard";
import { parseSourceOrThrow } from "./check-policy-source";
import { loadPolicy } from "./load-policy";
import { presentVersion } from "./present";
import type { TNewVersion } from "./schemas";

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * Saving an edit always creates a new version; existing versions are never updated (only their
 * publish marker is set, once). A save identical to the latest version is refused, so the history
 * holds only real changes. The policy row is locked so concurrent saves get consecutive numbers.
 */
export async function createPolicyVersion(ctx: Ctx, policyId: string, input: TNewVersion) {
  const p = await loadPolicy(ctx, policyId);
  const checked = parseSourceOrThrow(input.source);
  const v = await db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "Policy" WHERE "id" = ${p.id}::uuid FOR UPDATE`;
    const latest = await tx.policyVersion.findFirst({
      where: { policyId: p.id, orgId: ctx.orgId },
      orderBy: { number: "desc" },
    });
    if (latest && latest.contentHash === checked.hash && sameSet(latest.lockedPaths, input.lockedPaths)) {
      throw new AppError("validation", `Nothing changed since version ${latest.number}`, {
        fields: [{ path: "source", message: `Identical to version ${latest.number}: change something before saving` }],
      });
    }
    const number = (latest?.number ?? 0) + 1;
    const created = await tx.policyVersion.create({
      data: {
        orgId: ctx.orgId,
        policyId: p.id,
        number,
        document: checked.document as Prisma.InputJsonValue,
        source: input.source,
        contentHash: checked.hash,
        lockedPaths: input.lockedPaths,
        note: input.note,
        authorId: ctx.principal.userId,
        authorLabel: ctx.principal.email,
      },
    });
    await tx.policy.update({ where: { id: p.id }, data: { updatedAt: new Date() } });
    const changes = latest
      ? diffPolicies(latest.document as unknown as TPolicy, checked.document as unknown as TPolicy)
      : [];
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "policy.version.create",
      outcome: "success",
      target: { type: "policy", id: p.id, label: p.name },
      before: latest
        ? { version: latest.number, contentHash: latest.contentHash, lockedPaths: latest.lockedPaths }
        : undefined,
      after: { version: number, contentHash: checked.hash, lockedPaths: input.lockedPaths, note: input.note },
      data: { changedPaths: changes.map((c) => c.path) },
    });
    return created;
  });
  return presentVersion(v, new Map());
}
