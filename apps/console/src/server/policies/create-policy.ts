import type { Prisma } from "@luminous/db";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import { AppError } from "../http/errors";
import type { Ctx } from "../http/guard";
import { parseSourceOrThrow } from "./check-policy-source";
import { getPolicy } from "./get-policy";
import type { TCreatePolicy } from "./schemas";

/** Creates a policy with its first version (a draft: nothing is enforced until it is published and assigned). */
export async function createPolicy(ctx: Ctx, input: TCreatePolicy) {
  const checked = parseSourceOrThrow(input.source);
  const id = await db().$transaction(async (tx) => {
    if (await tx.policy.findFirst({ where: { orgId: ctx.orgId, name: input.name }, select: { id: true } })) {
      throw new AppError("conflict", `A policy named "${input.name}" already exists`, {
        fields: [{ path: "name", message: "This name is already in use" }],
      });
    }
    const p = await tx.policy.create({
      data: { orgId: ctx.orgId, name: input.name, description: input.description },
    });
    await tx.policyVersion.create({
      data: {
        orgId: ctx.orgId,
        policyId: p.id,
        number: 1,
        document: checked.document as Prisma.InputJsonValue,
        source: input.source,
        contentHash: checked.hash,
        lockedPaths: input.lockedPaths,
        note: input.note,
        authorId: ctx.principal.userId,
        authorLabel: ctx.principal.email,
      },
    });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "policy.create",
      outcome: "success",
      target: { type: "policy", id: p.id, label: p.name },
      after: { name: p.name, version: 1, contentHash: checked.hash, lockedPaths: input.lockedPaths, note: input.note },
    });
    return p.id;
  });
  return getPolicy(ctx, id);
}
