import type { Role } from "@luminous/db";
import { ROLE_RANK } from "../auth/permissions";
import { forbidden } from "../http/errors";
import type { Ctx } from "../http/guard";

/**
 * Hierarchy rule on top of permissions: you may act on a user only below your own rank (owners on
 * anyone), and may not grant a role above your own. Nobody changes their own role or status.
 */
export function assertCanManage(ctx: Ctx, target: { id: string; role: Role }, newRole?: Role): void {
  const me = ctx.principal;
  if (target.id === me.userId && newRole !== undefined && newRole !== target.role) {
    throw forbidden("You cannot change your own role");
  }
  if (me.role !== "owner" && ROLE_RANK[target.role] >= ROLE_RANK[me.role] && target.id !== me.userId) {
    throw forbidden(`Your role (${me.role}) cannot manage a user with the role ${target.role}`);
  }
  if (newRole && me.role !== "owner" && ROLE_RANK[newRole] >= ROLE_RANK[me.role]) {
    throw forbidden(`Your role (${me.role}) cannot grant the role ${newRole}`);
  }
}

/** Granting one of these is a sensitive action (step-up, docs/step-up.md). */
export const PRIVILEGED_ROLES: readonly Role[] = ["admin", "owner"];
