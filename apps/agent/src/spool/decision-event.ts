import type { TEventInput } from "@luminous/audit";
import type { CheckRequest } from "../evaluate";

/** The policy_decision event logged for every `check` (CLI or socket). */
export function decisionEvent(
  req: CheckRequest,
  d: {
    decision: "allow" | "deny" | "require_approval" | "require_mfa";
    rule: string;
    reason: string;
    policyVersion: number;
    stale: boolean;
  },
): TEventInput {
  return {
    ts: new Date().toISOString(),
    type: "policy_decision",
    ...(req.user ? { user: req.user.slice(0, 256) } : {}),
    intent: {
      action: req.action.slice(0, 64),
      ...(req.packages?.length ? { packages: req.packages.slice(0, 256) } : {}),
      ...(req.services?.length ? { services: req.services.slice(0, 256) } : {}),
    },
    decision: { decision: d.decision, rule: d.rule.slice(0, 256), reason: d.reason.slice(0, 1024) },
    details: { policyVersion: d.policyVersion, stale: d.stale },
  };
}
