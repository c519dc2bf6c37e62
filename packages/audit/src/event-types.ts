/**
 * The event type names, with no imports: the console's browser code takes them from here
 * (`@luminous/audit/event-types`), since the package's index pulls in node:crypto.
 */

/** What Luminous Nix and the agent record (the agent event schema accepts exactly these). */
export const EVENT_TYPES = [
  "command_received",
  "command_parsed",
  "plan_generated",
  "user_confirmation",
  "execution_started",
  "execution_completed",
  "errors_encountered",
  "rollback_performed",
  "policy_decision",
  "integrity_gap",
  "integrity_chain_break",
  "bundle_rejected",
] as const;
export type TEventType = (typeof EVENT_TYPES)[number];

/** Integrity events the console itself records at ingestion (category "integrity"), besides gaps and breaks. */
export const INGESTION_INTEGRITY_TYPES = ["integrity_forged_seq", "integrity_rejected"] as const;
