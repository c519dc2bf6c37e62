import type { Approver } from "@luminous/policy";
import { ROLE_PERMISSIONS, type TRole } from "../auth/permissions";

/**
 * Whether a console user is the workstation user who asked. Workstation accounts are matched by
 * name: the local part of the console email (alice@corp.example is "alice") or the console user's
 * name, case-insensitively. A match is never allowed to decide the request (no self-approval).
 */
export function isRequester(user: { email: string; name: string }, localUser: string): boolean {
  const local = localUser.trim().toLowerCase();
  if (!local) return false;
  const emailLocal = user.email.toLowerCase().split("@")[0] ?? "";
  return emailLocal === local || user.name.trim().toLowerCase() === local;
}

/** A console user as the approval rules see them for one request: role permissions, groups, requester or not. */
export function approverOf(
  user: { email: string; name: string; role: TRole; memberships: { group: { name: string } }[] },
  localUser: string,
): Approver {
  return {
    permissions: ROLE_PERMISSIONS[user.role],
    groups: user.memberships.map((m) => m.group.name),
    isRequester: isRequester(user, localUser),
  };
}
