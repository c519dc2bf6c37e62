import { type TApprovals, ZApprovals } from "@luminous/policy";
import { db, type Tx } from "../db";
import { waitForNotify } from "../db-notify";
import { env } from "../env";
import { notifyUser } from "../notices/notify-user";
import { enqueueEmail, enqueueWebhookEvent } from "../notifications/enqueue-notification";
import { type ApprovalNotifyKind, approvalEmail } from "./approval-messages";
import { findApprovers, findRequesterAccounts } from "./approval-recipients";
import { describeAction, type NoticeRequest } from "./notify-approvers";
import { presentRequest } from "./present";

/**
 * Everything an approval tells people goes through here: in-console notices (the functions below),
 * email and webhooks (notifyApprovalEvent, called at the same steps), plus the cross-node wake-up of
 * waiting agents.
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

export type { ApprovalNotifyKind } from "./approval-messages";

/**
 * Email and webhooks for a step of a request, queued in the caller's transaction (so nothing is
 * announced that did not happen, and nothing that happened goes unannounced); the worker delivers
 * them from the outbox. The in-console notices of the same steps are the functions above.
 * - requested, break_glass: an email to everyone who may decide it;
 * - decided, expired, break_glass: an email to the requester's admin contact, that is the console
 *   accounts of the workstation user (matched as for self-approval) and the org's approvals
 *   contact addresses (Settings -> Notifications);
 * - every kind: the webhook event approval.<kind> to the endpoints subscribed to it.
 */
export async function notifyApprovalEvent(
  tx: Tx,
  kind: ApprovalNotifyKind,
  request: { id: string; orgId: string },
): Promise<{ emails: number; webhooks: number }> {
  const { orgId } = request;
  const row = await tx.approvalRequest.findUniqueOrThrow({
    where: { id: request.id },
    include: { decisions: { orderBy: { createdAt: "asc" } }, device: { select: { hostname: true } } },
  });
  const r = presentRequest(row);
  const link = `${env().PUBLIC_URL}/approvals/${r.id}`;
  const to: string[] = [];
  if (kind === "requested" || kind === "break_glass") {
    to.push(...(await findApprovers(tx, orgId, row.localUser, ZApprovals.parse(row.rules))).map((u) => u.email));
  }
  if (kind !== "requested") {
    const contact = await tx.emailSettings.findUnique({ where: { orgId }, select: { approvalsContact: true } });
    to.push(...(await findRequesterAccounts(tx, orgId, row.localUser)).map((u) => u.email));
    to.push(...(contact?.approvalsContact ?? []));
  }
  const emails = await enqueueEmail(tx, orgId, to, { event: `approval.${kind}`, ...approvalEmail(kind, r, link) });
  const webhooks = await enqueueWebhookEvent(tx, orgId, `approval.${kind}`, { request: r, link });
  return { emails, webhooks };
}
