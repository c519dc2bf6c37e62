import { type AdminEvent, type AuditMeta, recordAudit, recordAuditNow } from "../audit/record-audit";
import type { Tx } from "../db";

/**
 * Every step of a request is an audit event `approval.<step>` targeting the request id, so the
 * trail (and change-management evidence, SOC 2 CC8.1) can follow one request from asking to use:
 * approval.request, approval.approve, approval.deny, approval.grant, approval.expire, approval.lapse,
 * approval.use, approval.break_glass, approval.review.close.
 */
export type ApprovalStep =
  | "request"
  | "approve"
  | "deny"
  | "grant"
  | "expire"
  | "lapse"
  | "use"
  | "break_glass"
  | "review.close";

/** What an event says about the request itself: who asked for what, on which device, under which rule. */
export function requestFacts(
  r: {
    localUser: string;
    action: string;
    packages: string[];
    services: string[];
    command: string | null;
    sentence: string | null;
    rule: string;
    policyVersion: number;
    reason: string | null;
  },
  hostname: string,
) {
  return {
    hostname,
    user: r.localUser,
    action: r.action,
    packages: r.packages,
    services: r.services,
    command: r.command,
    sentence: r.sentence,
    rule: r.rule,
    policyVersion: r.policyVersion,
    reason: r.reason,
  };
}

function event(
  step: ApprovalStep,
  request: { id: string; action: string; localUser: string },
  outcome: AdminEvent["outcome"],
  data: Record<string, unknown>,
): AdminEvent {
  return {
    action: `approval.${step}`,
    outcome,
    target: { type: "approval_request", id: request.id, label: `${request.action} by ${request.localUser}` },
    data: { requestId: request.id, ...data },
  };
}

export function recordApprovalEvent(
  tx: Tx,
  orgId: string,
  meta: AuditMeta,
  step: ApprovalStep,
  request: { id: string; action: string; localUser: string },
  outcome: AdminEvent["outcome"],
  data: Record<string, unknown> = {},
): Promise<void> {
  return recordAudit(tx, orgId, meta, event(step, request, outcome, data));
}

/** For a refused step (nothing else to commit with it). */
export function recordApprovalEventNow(
  orgId: string,
  meta: AuditMeta,
  step: ApprovalStep,
  request: { id: string; action: string; localUser: string },
  data: Record<string, unknown>,
): Promise<void> {
  return recordAuditNow(orgId, meta, event(step, request, "denied", data));
}
