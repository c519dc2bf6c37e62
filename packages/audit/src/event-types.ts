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

/**
 * Integrity events the console itself records (category "integrity"), besides gaps and breaks: at
 * ingestion, and the audit trail's own alarms (the worker refused to sign a lane that does not
 * verify; a checkpoint an agent witnessed is no longer stored as signed).
 */
export const INGESTION_INTEGRITY_TYPES = [
  "integrity_forged_seq",
  "integrity_rejected",
  "integrity_checkpoint_refused",
  "integrity_witness_mismatch",
] as const;
