import { ACTIONS } from "@luminous/policy";
import { z } from "zod";
import { ZAssertion } from "../webauthn/schemas";

/** Approval inputs: one schema per operation, shared by the routes, the agent and the forms. */

const ZName = z.string().trim().min(1).max(200);
const ZText = (max: number) => z.string().max(max);

/** The agent opens a request after `check` answered require_approval / require_mfa. */
export const ZOpenApprovalInput = z.object({
  action: z.enum(ACTIONS),
  packages: z.array(ZName).max(500).default([]),
  services: z.array(ZName).max(100).default([]),
  /** the workstation user asking */
  user: ZName,
  /** the user's own sentence to ask-nix, and the command it resolved to */
  sentence: ZText(2000).optional(),
  command: ZText(4000).optional(),
  /** what the agent's cached policy answered, and the rule and bundle version it answered with */
  decision: z.enum(["require_approval", "require_mfa"]),
  rule: z.string().min(1).max(200),
  policyVersion: z.int().min(0),
  reason: ZText(2000).optional(),
});
export type TOpenApprovalInput = z.infer<typeof ZOpenApprovalInput>;

/** Long-poll: answers as soon as the request is decided, or after waitSeconds with it still pending. */
export const ZWaitApprovalInput = z.object({
  id: z.uuid(),
  waitSeconds: z.int().min(0).max(50).default(25),
});
export type TWaitApprovalInput = z.infer<typeof ZWaitApprovalInput>;

/** The agent reports what it executed with an approval (once). */
export const ZReportUseInput = z.object({
  id: z.uuid(),
  executedCommand: ZText(4000).optional(),
  success: z.boolean(),
  detail: ZText(2000).optional(),
});
export type TReportUseInput = z.infer<typeof ZReportUseInput>;

export const ZDecideApprovalInput = z.object({
  verdict: z.enum(["approve", "deny"]),
  reason: z.string().trim().max(2000).optional(),
  /** a fresh TOTP code (or a recovery code), or a security-key assertion: one is required for require_mfa requests */
  code: z.string().trim().max(64).optional(),
  webauthn: ZAssertion.optional(),
});
export type TDecideApprovalInput = z.infer<typeof ZDecideApprovalInput>;

export const APPROVAL_STATUSES = ["pending", "approved", "denied", "expired", "break_glass"] as const;

/** Inbox views besides one status: decided (approved or denied), reviews (open break-glass reviews). */
export const APPROVAL_VIEWS = ["decided", "reviews", "all"] as const;

export const ZListApprovals = z.object({
  status: z.enum([...APPROVAL_STATUSES, ...APPROVAL_VIEWS]).default("all"),
  deviceId: z.uuid().optional(),
  /** part of the device's hostname */
  host: z.string().trim().max(253).optional(),
  user: z.string().trim().max(200).optional(),
  action: z.enum(ACTIONS).optional(),
  breakGlass: z.enum(["true", "false"]).optional(),
  /** asked on or after / before (ISO date or date-time) */
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});
export type TListApprovals = z.infer<typeof ZListApprovals>;

/**
 * Break-glass: the agent proceeded without approval in an emergency, for an action the policy lists
 * under approvals.break_glass, and reports it (at once, or later from its spool when it was offline).
 * The id is the agent's, so a report sent twice is recorded once.
 */
export const ZBreakGlassInput = ZOpenApprovalInput.omit({ reason: true }).extend({
  id: z.uuid(),
  reason: z.string().trim().min(10, "break-glass needs a typed reason of at least 10 characters").max(2000),
  /** when the device proceeded */
  occurredAt: z.iso.datetime(),
  /** the console could not be reached when it proceeded */
  offline: z.boolean().default(false),
});
export type TBreakGlassInput = z.infer<typeof ZBreakGlassInput>;

/** A person closes a break-glass follow-up review with a note on what they found. */
export const ZCloseReviewInput = z.object({
  note: z.string().trim().min(1, "a note on the review is required").max(2000),
});
export type TCloseReviewInput = z.infer<typeof ZCloseReviewInput>;
