import { firstMatch } from "./glob";
import { ACTIONS, type Action, type TPolicy } from "./schema";

export interface DecisionRequest {
  action: string;
  packages?: string[];
  services?: string[];
  user?: string;
}

export interface Decision {
  decision: "allow" | "deny" | "require_approval" | "require_mfa";
  /** Stable machine-readable id of the rule that decided, e.g. "commands.blacklist". */
  rule: string;
  reason: string;
}

function isAction(value: string): value is Action {
  return (ACTIONS as readonly string[]).includes(value);
}

/**
 * Evaluates one request against a policy. Precedence (see README): unknown action -> deny;
 * any deny rule (blacklist, not whitelisted, package deny glob, package outside the allow list);
 * then MFA; then approval; then allow.
 */
/** The evaluator needs no approval rules (bundles signed before they existed carry none). */
export function decide(policy: Omit<TPolicy, "approvals">, req: DecisionRequest): Decision {
  const { action } = req;
  if (!isAction(action)) {
    return { decision: "deny", rule: "unknown_action", reason: `"${action}" is not a known action` };
  }
  const { commands, packages, mfa } = policy;

  if (commands.blacklist.includes(action)) {
    return { decision: "deny", rule: "commands.blacklist", reason: `${action} is blacklisted` };
  }
  if (commands.mode === "whitelist" && !commands.whitelist.includes(action)) {
    return { decision: "deny", rule: "commands.not_whitelisted", reason: `${action} is not in the whitelist` };
  }

  // Package lists say what may be put on the machine; taking a package off is governed by the
  // command rules alone, otherwise an allow list would forbid removing anything outside it.
  if (action !== "remove_package") {
    for (const pkg of req.packages ?? []) {
      const denied = firstMatch(packages.deny, pkg);
      if (denied !== undefined) {
        return {
          decision: "deny",
          rule: `packages.deny:${denied}`,
          reason: `package ${pkg} matches deny pattern ${denied}`,
        };
      }
    }
    if (packages.allow.length > 0) {
      for (const pkg of req.packages ?? []) {
        if (firstMatch(packages.allow, pkg) === undefined) {
          return { decision: "deny", rule: "packages.not_allowed", reason: `package ${pkg} matches no allow pattern` };
        }
      }
    }
  }

  if (mfa.operations.includes(action)) {
    return { decision: "require_mfa", rule: "mfa.operations", reason: `${action} requires ${mfa.method} verification` };
  }
  if (commands.require_approval.includes(action)) {
    return { decision: "require_approval", rule: "commands.require_approval", reason: `${action} requires approval` };
  }
  return { decision: "allow", rule: "default.allow", reason: `${action} is allowed` };
}
