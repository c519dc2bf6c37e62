import type { Endpoint } from "../openapi/build";
import { ZDecideApprovalInput, ZListApprovals } from "./schemas";

/** /api/v1 approval endpoints (the agent's side is under /api/agent/v1, signed by the device). */
export const approvalEndpoints: Endpoint[] = [
  {
    method: "get",
    path: "/api/v1/approvals",
    summary:
      "Approval requests of the org, newest first (pending, approved, denied, expired: all kept), with filters and the pending count",
    tag: "Approvals",
    permission: "approval.read",
    query: ZListApprovals,
  },
  {
    method: "get",
    path: "/api/v1/approvals/{id}",
    summary:
      "One request: sentence, command, action, rule, policy version, device, decisions (who, level, factor), use, and the requester's history",
    tag: "Approvals",
    permission: "approval.read",
  },
  {
    method: "post",
    path: "/api/v1/approvals/{id}/decision",
    summary:
      "Approve or deny as one approver. Deny needs a reason and wins; require_mfa requests need a fresh TOTP code; the requester cannot decide",
    tag: "Approvals",
    permission: "approval.decide",
    body: ZDecideApprovalInput,
  },
];
