import type { IdentityProvider, Role } from "@luminous/db";
import { ROLE_RANK, ROLES, type TRole } from "../auth/permissions";

/**
 * The highest role an account may hold to sign in through this IdP: what the person who last
 * configured its trust settings may grant (an Owner: any role; anyone else: roles below their
 * own). An IdP configured before this was recorded counts as configured by an Admin.
 */
export function idpRoleCeiling(idp: Pick<IdentityProvider, "configuredByRole">): TRole {
  const by: TRole = idp.configuredByRole ?? "admin";
  if (by === "owner") return "owner";
  const below = ROLES.filter((r) => ROLE_RANK[r] < ROLE_RANK[by]);
  return below.reduce((a, b) => (ROLE_RANK[b] > ROLE_RANK[a] ? b : a), "viewer" as TRole);
}

export const roleWithin = (role: Role, ceiling: TRole) => ROLE_RANK[role] <= ROLE_RANK[ceiling];

/** The role itself, or the ceiling when the role is above it. */
export const clampRole = (role: Role, ceiling: TRole): Role => (roleWithin(role, ceiling) ? role : ceiling);
