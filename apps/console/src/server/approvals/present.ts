import type { ApprovalDecision, ApprovalRequest } from "@luminous/db";

/** A decision as the API and the agent see it. */
export function presentDecision(d: ApprovalDecision) {
  return {
    id: d.id,
    userId: d.userId,
    by: d.userLabel,
    level: d.level,
    verdict: d.verdict,
    reason: d.reason,
    mfaFactor: d.mfaFactor,
    mfaAt: d.mfaAt?.toISOString() ?? null,
    at: d.createdAt.toISOString(),
  };
}

/** A request as the API shows it (the agent gets the same shape). */
export function presentRequest(
  r: ApprovalRequest & { decisions?: ApprovalDecision[]; device?: { hostname: string } | null },
) {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  const deny = r.decisions?.find((d) => d.verdict === "deny");
  return {
    id: r.id,
    status: r.status,
    kind: r.kind,
    breakGlass: r.breakGlass,
    deviceId: r.deviceId,
    hostname: r.device?.hostname ?? null,
    user: r.localUser,
    sentence: r.sentence,
    command: r.command,
    action: r.action,
    packages: r.packages,
    services: r.services,
    rule: r.rule,
    policyVersion: r.policyVersion,
    reason: r.reason,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    decidedAt: iso(r.decidedAt),
    validUntil: iso(r.validUntil),
    denyReason: deny?.reason ?? null,
    use: r.usedAt
      ? { at: r.usedAt.toISOString(), success: r.useSuccess, executedCommand: r.executedCommand, detail: r.useDetail }
      : null,
    lapsedAt: iso(r.lapsedAt),
    review: r.breakGlass
      ? {
          closedAt: iso(r.reviewClosedAt),
          closedBy: r.reviewClosedBy,
          closedByLabel: r.reviewClosedByLabel,
          note: r.reviewNote,
        }
      : null,
    decisions: r.decisions?.map(presentDecision) ?? [],
  };
}
export type TPresentedRequest = ReturnType<typeof presentRequest>;
