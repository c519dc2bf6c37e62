import type { z } from "zod";
import { recordAudit, recordAuditNow } from "../audit/record-audit";
import { revokeUserApiTokens } from "../auth/end-user-credentials";
import { hashPassword, verifyPassword } from "../auth/password";
import { can, PERMISSIONS, type TPermission } from "../auth/permissions";
import { assertReauthAllowed, countReauthFailure } from "../auth/reauth-limit";
import { db } from "../db";
import { AppError } from "../http/errors";
import type { Ctx } from "../http/guard";
import { presentUser } from "../users/present";
import type { ZChangePassword } from "./schemas";

export async function getMe(ctx: Ctx) {
  const u = await db().user.findFirstOrThrow({
    where: { id: ctx.principal.userId, orgId: ctx.orgId },
    include: { org: true, memberships: { include: { group: { select: { id: true, name: true } } } } },
  });
  const permissions = PERMISSIONS.filter((p: TPermission) => can(u.role, p));
  return {
    ...presentUser(u),
    org: { id: u.org.id, name: u.org.name },
    permissions,
    hasPassword: Boolean(u.passwordHash),
  };
}

export async function changePassword(ctx: Ctx, input: z.infer<typeof ZChangePassword>) {
  const u = await db().user.findFirstOrThrow({ where: { id: ctx.principal.userId, orgId: ctx.orgId } });
  const target = { id: u.id, label: u.email };
  await assertReauthAllowed(ctx, "user.password.change", target);
  if (!u.passwordHash || !(await verifyPassword(input.currentPassword, u.passwordHash))) {
    await countReauthFailure(ctx);
    await recordAuditNow(ctx.orgId, ctx.meta, {
      action: "user.password.change",
      outcome: "failure",
      target: { type: "user", ...target },
      data: { reason: "bad_password" },
    });
    throw new AppError("validation", "Current password is not correct", {
      fields: [{ path: "currentPassword", message: "Current password is not correct" }],
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: u.id }, data: { passwordHash } });
    // Other sessions end; this one stays.
    await tx.session.updateMany({
      where: {
        userId: u.id,
        revokedAt: null,
        ...(ctx.principal.sessionId ? { id: { not: ctx.principal.sessionId } } : {}),
      },
      data: { revokedAt: new Date(), revokedWhy: "password_changed" },
    });
    const tokensRevoked = input.revokeApiTokens ? await revokeUserApiTokens(u.id, tx) : 0;
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "user.password.change",
      outcome: "success",
      target: { type: "user", id: u.id, label: u.email },
      data: { tokensRevoked },
    });
  });
}
