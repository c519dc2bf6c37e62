import type { Decision } from "@luminous/policy";

/** `check` exit codes: scripts (and ask-nix) branch on them. */
export const EXIT = { allow: 0, deny: 1, require_approval: 2, require_mfa: 3, no_policy: 4, usage: 64 } as const;

export function exitCodeOf(decision: Decision["decision"]): number {
  return EXIT[decision];
}
