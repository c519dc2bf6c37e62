import type { TApprovals } from "@luminous/policy";
import { db, type Tx } from "../db";
import { waitForNotify } from "../db-notify";
import { notifyUser } from "../notices/notify-user";
import { findApprovers, findRequesterAccounts } from "./approval-recipients";
import { describeAction, type NoticeRequest } from "./notify-approvers";

/**
 * Everything an approval tells people goes through here (in-console notices today; other delivery
 * hooks in at these functions), plus the cross-node wake-up of waiting agents.
 */

const CHANNEL = "approval_changed";

/** Wakes every node's agents waiting on this request (their long-poll re-reads it). */
export async function notifyApprovalChange(requestId: string): Promise<void> {
  await db().$executeRaw`SELECT pg_notify(${CHANNEL}, ${requestId})`;
}

export function waitForApprovalChange(requestId: string, ms: number): Promise<void> {
  return waitForNotify(CHANNEL, requestId, ms);
}

export { notifyApprovers as notifyApprovalRequested } from "./notify-approvers";

/** Break-glass: every approver learns that an action ran without approval and that a review waits. */
export async function notifyBreakGlass(
  tx: Tx,
  orgId: string,
  request: NoticeRequest,
  hostname: string,
  rules: TApprovals,
  offline: boolean,
): Promise<number> {
  const what = describeAction(request);
  const users = await findApprovers(tx, orgId, request.localUser, rules);
  for (const u of users) {
    await notifyUser(tx, orgId, u.id, {
      kind: "approval.break_glass",
      title: `Break-glass: ${what}`.slice(0, 200),
      body: `${request.localUser} on ${hostname} ran ${what} without approval${offline ? " while offline" : ""} (reason: ${request.reason ?? "none"}). A follow-up review of request ${request.id} waits in Approvals > Reviews.`,
      link: `/approvals/${request.id}`,
    });
  }
  return users.length;
}

/** The requester's side of an expiry: the console accounts of the workstation user who asked. */
export async function notifyApprovalExpired(
  tx: Tx,
  orgId: string,
  request: NoticeRequest & { expiresAt: Date },
): Promise<number> {
  const what = describeAction(request);
  const users = await findRequesterAccounts(tx, orgId, request.localUser);
  for (const u of users) {
    await notifyUser(tx, orgId, u.id, {
      kind: "approval.expired",
      title: `Approval request expired: ${what}`.slice(0, 200),
      body: `Nobody decided your request ${request.id} to run ${what} before ${request.expiresAt.toISOString()}; it was not approved. Ask again if it is still needed.`,
      link: `/approvals/${request.id}`,
    });
  }
  return users.length;
}
