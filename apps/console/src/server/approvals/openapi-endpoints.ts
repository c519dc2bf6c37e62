import type { Endpoint } from "../openapi/build";
import { ZCloseReviewInput, ZDecideApprovalInput, ZListApprovals } from "./schemas";

/** /api/v1 approval endpoints (the agent's side is under /api/agent/v1, signed by the device). */
export const approvalEndpoints: Endpoint[] = [
  {
    method: "get",
    path: "/api/v1/approvals",
    summary:
      "Approval requests of the org, newest first (pending, approved, denied, expired, break_glass: all kept; views decided and reviews), with filters, the pending count and the open break-glass reviews",
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
      "Approve or deny as one approver. Deny needs a reason and wins; require_mfa requests need a fresh second factor (code: TOTP or recovery code, or webauthn: a security-key assertion); the requester cannot decide",
    tag: "Approvals",
    permission: "approval.decide",
    body: ZDecideApprovalInput,
  },

  {
    method: "post",
    path: "/api/v1/approvals/{id}/review",
    summary:
      "Close the follow-up review of a break-glass action with a note (once; not by the person who broke the glass)",
    tag: "Approvals",
    permission: "approval.decide",
    body: ZCloseReviewInput,
  },
];
