import { checkApprover, type TApprovals } from "@luminous/policy";
import type { Tx } from "../db";
import { approverOf, isRequester } from "./requester-match";

const USER_FIELDS = {
  id: true,
  email: true,
  name: true,
  role: true,
  memberships: { select: { group: { select: { name: true } } } },
} as const;

/**
 * Everyone who may decide a request at some level of its rules (role permission and group; never
 * the requester). Time windows are not applied: someone off duty now still learns what happened.
 */
export async function findApprovers(tx: Tx, orgId: string, localUser: string, rules: TApprovals) {
  const users = await tx.user.findMany({ where: { orgId, status: "active" }, select: USER_FIELDS });
  const anyTime = { ...rules, levels: rules.levels.map(({ time_window: _w, ...l }) => l) };
  return users.filter((u) => checkApprover(anyTime, approverOf(u, localUser), new Date()).ok);
}

/** The console accounts that are the workstation user who asked (see isRequester). */
export async function findRequesterAccounts(tx: Tx, orgId: string, localUser: string) {
  const users = await tx.user.findMany({
    where: { orgId, status: "active" },
    select: { id: true, email: true, name: true },
  });
  return users.filter((u) => isRequester(u, localUser));
}
