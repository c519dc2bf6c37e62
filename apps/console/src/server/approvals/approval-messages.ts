import type { TPresentedRequest } from "./present";

/**
 * The words of approval emails, one place for each event.
 */
export type ApprovalNotifyKind = "requested" | "decided" | "expired" | "break_glass";

const what = (r: TPresentedRequest) => [r.action, ...r.packages, ...r.services].join(" ");
const where = (r: TPresentedRequest) => r.hostname ?? "an unknown device";

function details(r: TPresentedRequest, link: string): string {
  return [
    `Workstation user: ${r.user} on ${where(r)}`,
    r.sentence ? `Their words: "${r.sentence}"` : null,
    r.command ? `Command: ${r.command}` : null,
    `Action: ${what(r)}`,
    `Rule: ${r.rule} (policy version ${r.policyVersion})`,
    r.reason ? `Reason given: ${r.reason}` : null,
    r.kind === "require_mfa" ? "Deciding it needs a fresh second factor." : null,
    `Request: ${r.id}`,
    "",
    link,
  ]
    .filter((l) => l !== null)
    .join("\n");
}

function outcome(r: TPresentedRequest): string {
  if (r.status === "approved") {
    const by = r.decisions.filter((d) => d.verdict === "approve").map((d) => `${d.by} (${d.level})`);
    return `Approved by ${by.join(", ")}; valid once until ${r.validUntil}.`;
  }
  if (r.status === "denied") {
    const d = r.decisions.find((x) => x.verdict === "deny");
    return `Denied by ${d?.by ?? "an approver"}: ${r.denyReason ?? "no reason given"}.`;
  }
  return `Expired at ${r.expiresAt} without a decision; the workstation was told no.`;
}

export function approvalEmail(kind: ApprovalNotifyKind, r: TPresentedRequest, link: string) {
  switch (kind) {
    case "requested":
      return {
        subject: `Approval requested: ${what(r)} on ${where(r)}`,
        text: `${r.user} on ${where(r)} asks to run ${what(r)} and waits for your decision until ${r.expiresAt}.\n\n${details(r, `Decide it: ${link}`)}\n`,
      };
    case "decided":
      return {
        subject: `Approval request ${r.status}: ${what(r)} on ${where(r)}`,
        text: `${outcome(r)}\n\n${details(r, `See it: ${link}`)}\n`,
      };
    case "expired":
      return {
        subject: `Approval request expired: ${what(r)} on ${where(r)}`,
        text: `${outcome(r)}\n\n${details(r, `See it: ${link}`)}\n`,
      };
    case "break_glass":
      return {
        subject: `Break-glass used: ${what(r)} on ${where(r)}`,
        text: `${r.user} on ${where(r)} ran ${what(r)} without approval under the policy's break-glass rule. A follow-up review is open and must be closed by a person.\n\n${details(r, `Review it: ${link}`)}\n`,
      };
  }
}
