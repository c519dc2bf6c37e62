import type { Prisma } from "@luminous/db";
import { recordAudit } from "../audit/record-audit";
import { can } from "../auth/permissions";
import { revokeUserSessions } from "../auth/session";
import { db } from "../db";
import { AppError, forbidden } from "../http/errors";
import type { Ctx } from "../http/guard";
import { requireStepUp } from "../step-up/require-step-up";
import { loadUser } from "./get-user";
import { assertCanManage, PRIVILEGED_ROLES } from "./guard-rank";
import { placeInviteEmail, shownEmail } from "./held-email";
import { presentUser } from "./present";
import { requestEmailChange } from "./request-email-change";
import type { TUpdateUser } from "./schemas";

export async function updateUser(ctx: Ctx, id: string, input: TUpdateUser) {
  const before = await loadUser(ctx, id);
  if (input.role !== undefined && input.role !== before.role && !can(ctx.principal.role, "user.role.assign")) {
    throw forbidden(
      `Your role (${ctx.principal.role}) does not have the permission user.role.assign`,
      "user.role.assign",
    );
  }
  assertCanManage(ctx, before, input.role);
  if (input.role && input.role !== before.role && PRIVILEGED_ROLES.includes(input.role)) {
    await requireStepUp(ctx, "user.role.change");
  }
  if (before.role === "owner" && input.role && input.role !== "owner") await assertAnotherOwner(ctx, before.id);
  const after = await db().$transaction(async (tx) => {
    const { email, ...rest } = input;
    const data: Prisma.UserUpdateInput = { ...rest };
    if (email !== undefined && email !== shownEmail(before)) {
      // A pending invitation takes the new email at once (held if another org has it); an
      // account's email changes only when the new address confirms it.
      const pendingInvite = before.source === "local" && !before.passwordHash && before.inviteTokenHash !== null;
      if (pendingInvite) Object.assign(data, await placeInviteEmail(tx, ctx.orgId, email, id));
      else await requestEmailChange(tx, ctx, before, email);
    }
    const u = await tx.user.update({ where: { id }, data });
    const seen = (x: typeof u, k: keyof TUpdateUser) => (k === "email" ? shownEmail(x) : x[k]);
    const changed = (Object.keys(input) as (keyof TUpdateUser)[]).filter((k) => seen(before, k) !== seen(u, k));
    if (changed.length) {
      await recordAudit(tx, ctx.orgId, ctx.meta, {
        action: changed.includes("role") ? "user.role.change" : "user.update",
        outcome: "success",
        target: { type: "user", id, label: shownEmail(u) },
        before: Object.fromEntries(changed.map((k) => [k, seen(before, k)])),
        after: Object.fromEntries(changed.map((k) => [k, seen(u, k)])),
      });
    }
    // A role change takes effect on the next request; sessions carry no role.
    if (changed.includes("email")) await revokeUserSessions(id, "email_changed", tx);
    return u;
  });
  return presentUser(after);
}

export async function assertAnotherOwner(ctx: Ctx, exceptId: string): Promise<void> {
  const owners = await db().user.count({
    where: { orgId: ctx.orgId, role: "owner", status: "active", id: { not: exceptId } },
  });
  if (owners === 0) throw new AppError("conflict", "An organisation must keep at least one active owner");
}
