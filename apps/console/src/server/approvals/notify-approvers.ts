import { checkApprover, type TApprovals } from "@luminous/policy";
import type { Tx } from "../db";
import { notifyUser } from "../notices/notify-user";
import { approverOf } from "./requester-match";

/**
 * Leaves an in-console notice for everyone who may decide the request at some level of its rules
 * (role permission and group; the requester never). Time windows are not applied: someone off
 * duty now still learns that a request waits. Returns how many were told.
 */
export async function notifyApprovers(
  tx: Tx,
  orgId: string,
  request: {
    id: string;
    action: string;
    localUser: string;
    packages: string[];
    services: string[];
    reason: string | null;
  },
  hostname: string,
  rules: TApprovals,
): Promise<number> {
  const users = await tx.user.findMany({
    where: { orgId, status: "active" },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      memberships: { select: { group: { select: { name: true } } } },
    },
  });
  const anyTime = { ...rules, levels: rules.levels.map(({ time_window: _w, ...l }) => l) };
  const what = [request.action, ...request.packages, ...request.services].join(" ");
  let told = 0;
  for (const u of users) {
    const check = checkApprover(anyTime, approverOf(u, request.localUser), new Date());
    if (!check.ok) continue;
    await notifyUser(tx, orgId, u.id, {
      kind: "approval.requested",
      title: `Approval requested: ${what}`.slice(0, 200),
      body: `${request.localUser} on ${hostname} asks to run ${what}${request.reason ? ` (reason: ${request.reason})` : ""}. Request ${request.id}; decide it in Approvals or with POST /api/v1/approvals/${request.id}/decision.`,
    });
    told += 1;
  }
  return told;
}
