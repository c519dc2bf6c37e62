/**
 * The data a control is computed from. Everything here is plain JSON, so the console can stream it
 * out of Postgres and `luminous-verify` can read the same values back from an evidence package.
 */

/** One audit event as the evidence engine reads it (a subset of the stored row, ISO timestamps). */
export interface EvidenceEvent {
  id: string;
  ts: string;
  category: string;
  type: string;
  action: string | null;
  outcome: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  deviceId: string | null;
  before?: unknown;
  after?: unknown;
  data?: unknown;
}

export interface PopulationUser {
  id: string;
  email: string;
  role: string;
  status: "active" | "deactivated";
  source: string;
  /** A second factor (TOTP) is enrolled at the time the population was taken. */
  mfa: boolean;
  createdAt: string;
  deactivatedAt: string | null;
}

export interface PopulationDevice {
  id: string;
  hostname: string;
  enrolledAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
  /** audit.enabled in the device's effective policy. */
  auditEnabled: boolean;
  /** llm.allow_external in the device's effective policy. */
  allowExternal: boolean;
}

export interface PopulationPolicyVersion {
  id: string;
  policyId: string;
  policyName: string;
  number: number;
  authorId: string | null;
  authorLabel: string;
  note: string;
  createdAt: string;
  publishedAt: string | null;
  publishedById: string | null;
  allowExternal: boolean;
  auditEnabled: boolean;
}

/** The org's users, devices and policy versions when the report was generated. */
export interface Population {
  asOf: string;
  users: PopulationUser[];
  devices: PopulationDevice[];
  policyVersions: PopulationPolicyVersion[];
}

/** A half-open period [from, to). */
export interface Period {
  from: string;
  to: string;
}

export type ControlStatus = "pass" | "attention" | "fail";

/**
 * How many exceptions a control may have. `pass`: at most this many; `attention`: at most this
 * share of the population (0..1); anything worse fails. Orgs tune them per control.
 */
export interface Thresholds {
  passMaxExceptions: number;
  attentionMaxRate: number;
}

export interface ControlException {
  /** What is wrong, for a person: "alice@example.com has no second factor". */
  summary: string;
  /** What the exception is about (a user, device, policy version, event). */
  subject: { type: string; id: string; label: string };
  /** Audit events that show it (at most MAX_EVENT_LINKS). */
  eventIds: string[];
}

export interface ControlResult {
  controlId: string;
  status: ControlStatus;
  /** Size of the population the control was measured over. */
  population: number;
  populationLabel: string;
  /** Named figures, e.g. { signIns: 120, failedSignIns: 3 }. */
  numbers: Record<string, number>;
  exceptions: ControlException[];
  /** How many exceptions there are (exceptions[] may be capped). */
  exceptionCount: number;
  /** Events the evidence rests on (at most MAX_EVENT_LINKS kept, count in numbers.events). */
  evidenceEventIds: string[];
}
