import type { TApprovals } from "@luminous/policy";
import type { Tx } from "../db";
import { notifyUser } from "../notices/notify-user";
import { findApprovers } from "./approval-recipients";

export interface NoticeRequest {
  id: string;
  action: string;
  localUser: string;
  packages: string[];
  services: string[];
  reason: string | null;
}

export const describeAction = (r: NoticeRequest) => [r.action, ...r.packages, ...r.services].join(" ");

/**
 * Leaves an in-console notice for everyone who may decide the request at some level of its rules
 * (role permission and group; the requester never). Time windows are not applied: someone off
 * duty now still learns that a request waits. Returns how many were told.
 */
export async function notifyApprovers(
  tx: Tx,
  orgId: string,
  request: NoticeRequest,
  hostname: string,
  rules: TApprovals,
): Promise<number> {
  const what = describeAction(request);
  const users = await findApprovers(tx, orgId, request.localUser, rules);
  for (const u of users) {
    await notifyUser(tx, orgId, u.id, {
      kind: "approval.requested",
      title: `Approval requested: ${what}`.slice(0, 200),
      body: `${request.localUser} on ${hostname} asks to run ${what}${request.reason ? ` (reason: ${request.reason})` : ""}. Request ${request.id}; decide it in Approvals or with POST /api/v1/approvals/${request.id}/decision.`,
      link: `/approvals/${request.id}`,
    });
  }
  return users.length;
}
