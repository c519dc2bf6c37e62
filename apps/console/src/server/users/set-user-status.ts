import { recordAudit } from "../audit/record-audit";
import { normaliseEmail } from "../auth/sign-in-throttle";
import { db } from "../db";
import { forbidden } from "../http/errors";
import type { Ctx } from "../http/guard";
import { applyUserStatus } from "./apply-user-status";
import { loadUser } from "./get-user";
import { assertCanManage } from "./guard-rank";
import { presentUser } from "./present";
import { assertAnotherOwner } from "./update-user";

/**
 * Deactivating ends every session of the user at once (their session rows are revoked and the
 * guard checks the row on each request) and revokes their API tokens for good: reactivating the
 * user does not bring them back.
 */
export async function setUserStatus(ctx: Ctx, id: string, status: "active" | "deactivated") {
  const before = await loadUser(ctx, id);
  if (before.id === ctx.principal.userId) throw forbidden("You cannot change your own status");
  assertCanManage(ctx, before);
  if (before.status === status) return presentUser(before);
  if (status === "deactivated" && before.role === "owner") await assertAnotherOwner(ctx, id);
  const u = await db().$transaction((tx) => applyUserStatus(tx, ctx.orgId, ctx.meta, before, status));
  return presentUser(u);
}

/**
 * Clears the user's sign-in throttling from every address (sign-in-throttle.ts): someone who
 * mistyped their password, or shares an address with an attacker, can try again at once.
 */
export async function unlockUser(ctx: Ctx, id: string) {
  const before = await loadUser(ctx, id);
  assertCanManage(ctx, before);
  const u = await db().$transaction(async (tx) => {
    const u = await tx.user.update({ where: { id }, data: { lockedUntil: null } });
    const cleared = await tx.signInThrottle.deleteMany({ where: { email: normaliseEmail(u.email) } });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "user.unlock",
      outcome: "success",
      target: { type: "user", id, label: u.email },
      data: { addressesCleared: cleared.count },
    });
    return u;
  });
  return presentUser(u);
}
