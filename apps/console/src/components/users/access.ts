import { can, PERMISSIONS, ROLE_RANK, ROLES, type TPermission, type TRole } from "@/server/auth/permissions";

/** What the signed-in admin may do here; computed on the server page and handed to the client parts. */
export interface Viewer {
  id: string;
  role: TRole;
  permissions: TPermission[];
}

export function viewerOf(u: { id: string; role: TRole }): Viewer {
  return { id: u.id, role: u.role, permissions: PERMISSIONS.filter((p) => can(u.role, p)) };
}

export const may = (v: Viewer, p: TPermission) => v.permissions.includes(p);

/** Mirrors the server's rank rule so the role menu offers only what it would accept. */
export function grantableRoles(v: Viewer): TRole[] {
  return ROLES.filter((r) => v.role === "owner" || ROLE_RANK[r] < ROLE_RANK[v.role]);
}

/** Whether the rank rule lets the admin act on this user at all (the server decides in the end). */
export function canManage(v: Viewer, target: { id: string; role: TRole }): boolean {
  if (target.id === v.id) return false;
  return v.role === "owner" || ROLE_RANK[target.role] < ROLE_RANK[v.role];
}
