import { hashToken, newToken } from "@luminous/crypto";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import { AppError } from "../http/errors";
import type { Ctx } from "../http/guard";
import { SCIM_TOKEN_PREFIX } from "../http/scim-guard";

/**
 * Creates the org's SCIM token, or rotates it: the new token works at once and the old one stops
 * at once. Shown once here; only its SHA-256 is stored (as API tokens are).
 */
export async function issueScimToken(ctx: Ctx) {
  const token = newToken(SCIM_TOKEN_PREFIX);
  const now = new Date();
  const saved = await db().$transaction(async (tx) => {
    const before = await tx.scimConfig.findUnique({ where: { orgId: ctx.orgId } });
    if (!before) {
      throw new AppError("validation", "Choose the identity provider SCIM users sign in through first", {
        fields: [{ path: "idpId", message: "SCIM is not linked to an identity provider yet" }],
      });
    }
    const c = await tx.scimConfig.update({
      where: { orgId: ctx.orgId },
      data: {
        tokenHash: hashToken(token),
        tokenPrefix: token.slice(0, 16),
        tokenCreatedAt: now,
        tokenCreatedById: ctx.principal.userId,
        tokenLastUsedAt: null,
      },
    });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: before.tokenHash ? "scim.token.rotate" : "scim.token.create",
      outcome: "success",
      target: { type: "scim_token", label: c.tokenPrefix },
      before: before.tokenHash ? { prefix: before.tokenPrefix } : undefined,
      after: { prefix: c.tokenPrefix },
    });
    return c;
  });
  return { token, prefix: saved.tokenPrefix, createdAt: now.toISOString() };
}
