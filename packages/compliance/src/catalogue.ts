import type { MeasureId } from "./measure";
import type { Thresholds } from "./model";

export const FRAMEWORKS = ["soc2", "iso27001", "pci"] as const;
export type TFramework = (typeof FRAMEWORKS)[number];

export const FRAMEWORK_NAMES: Record<TFramework, string> = {
  soc2: "SOC 2 (Trust Services Criteria 2017, revised 2022)",
  iso27001: "ISO/IEC 27001:2022 Annex A",
  pci: "PCI DSS v4.0",
};

export interface Control {
  /** Unique across frameworks, e.g. "soc2.CC6.1". */
  id: string;
  framework: TFramework;
  /** The framework's own number, e.g. "CC6.1", "5.15", "10.2.1.3". */
  ref: string;
  /** ISO 27001:2013 numbers of the same requirement. */
  legacyRefs: string[];
  title: string;
  /** What the framework requires, in short. */
  requirement: string;
  measure: MeasureId;
  /** Who answers for it by default. */
  owner: string;
  thresholds: Thresholds;
}

const strict: Thresholds = { passMaxExceptions: 0, attentionMaxRate: 0 };
const tolerant: Thresholds = { passMaxExceptions: 0, attentionMaxRate: 0.05 };

const c = (
  framework: TFramework,
  ref: string,
  measure: MeasureId,
  title: string,
  requirement: string,
  owner: string,
  thresholds: Thresholds = tolerant,
  legacyRefs: string[] = [],
): Control => ({
  id: `${framework}.${ref}`,
  framework,
  ref,
  legacyRefs,
  title,
  requirement,
  measure,
  owner,
  thresholds,
});

export const CONTROLS: readonly Control[] = [
  c(
    "soc2",
    "CC6.1",
    "mfa",
    "Logical access security",
    "Logical access to the system is restricted to authenticated users; privileged and remote access requires multi-factor authentication.",
    "Security",
  ),
  c(
    "soc2",
    "CC6.2",
    "deprovisioning",
    "User provisioning and deprovisioning",
    "Users are registered and authorised before access is granted, and access is removed when no longer required.",
    "IT operations",
    strict,
  ),
  c(
    "soc2",
    "CC6.3",
    "roleChanges",
    "Role-based access changes",
    "Access is granted, changed and removed based on roles and authorised changes, with segregation of duties.",
    "Security",
    strict,
  ),
  c(
    "soc2",
    "CC6.6",
    "externalData",
    "Boundary protection",
    "Logical access from outside the system boundary is restricted; data does not leave it (external LLM use is disallowed: llm.allow_external).",
    "Security",
    strict,
  ),
  c(
    "soc2",
    "CC7.2",
    "monitoring",
    "System monitoring",
    "System components are monitored for anomalies: audit logging is enabled on every device and integrity alarms are raised and investigated.",
    "Security operations",
  ),
  c(
    "soc2",
    "CC8.1",
    "changeManagement",
    "Change management",
    "Changes are authorised, documented, approved and implemented: every policy change names its author, carries a change note and is approved before it is published.",
    "Change advisory board",
    strict,
  ),
  c(
    "iso27001",
    "5.15",
    "roleChanges",
    "Access control",
    "Rules to control access are established and applied based on business and security requirements.",
    "Security",
    strict,
    ["A.9.1.1", "A.9.1.2"],
  ),
  c(
    "iso27001",
    "5.16",
    "deprovisioning",
    "Identity management",
    "The full life cycle of identities is managed.",
    "IT operations",
    strict,
    ["A.9.2.1"],
  ),
  c(
    "iso27001",
    "5.17",
    "mfa",
    "Authentication information",
    "Allocation and management of authentication information is controlled (second factor for every account).",
    "Security",
    tolerant,
    ["A.9.2.4", "A.9.3.1", "A.9.4.3"],
  ),
  c(
    "iso27001",
    "5.18",
    "deprovisioning",
    "Access rights",
    "Access rights are provisioned, reviewed, modified and removed in accordance with policy.",
    "IT operations",
    strict,
    ["A.9.2.2", "A.9.2.5", "A.9.2.6"],
  ),
  c(
    "iso27001",
    "8.15",
    "auditCoverage",
    "Logging",
    "Logs that record activities, exceptions, faults and other relevant events are produced, stored, protected and analysed.",
    "Security operations",
    tolerant,
    ["A.12.4.1", "A.12.4.2", "A.12.4.3", "A.18.1.3"],
  ),
  c(
    "iso27001",
    "8.16",
    "integrityAlarms",
    "Monitoring activities",
    "Systems are monitored for anomalous behaviour and appropriate actions are taken.",
    "Security operations",
    tolerant,
    ["A.12.4.1"],
  ),
  c(
    "iso27001",
    "8.32",
    "changeManagement",
    "Change management",
    "Changes to information processing facilities are subject to change management procedures.",
    "Change advisory board",
    strict,
    ["A.12.1.2", "A.14.2.2"],
  ),
  c(
    "pci",
    "8.2.5",
    "deprovisioning",
    "Access for terminated users is revoked",
    "Access for terminated users is immediately revoked.",
    "IT operations",
    strict,
  ),
  c(
    "pci",
    "8.4.2",
    "mfa",
    "MFA for all access",
    "MFA is implemented for all access into the cardholder data environment.",
    "Security",
    strict,
  ),
  c(
    "pci",
    "10.2.1",
    "auditCoverage",
    "Audit logs are enabled",
    "Audit logs are enabled and active for all system components.",
    "Security operations",
    strict,
  ),
  c(
    "pci",
    "10.2.1.3",
    "auditAccess",
    "Access to audit logs is logged",
    "Audit logs capture all access to audit logs.",
    "Security operations",
    strict,
  ),
  c(
    "pci",
    "10.3.4",
    "integrityAlarms",
    "Audit log integrity",
    "File integrity monitoring or change-detection mechanisms are used on audit logs to ensure existing log data cannot be changed without generating alerts.",
    "Security operations",
    strict,
  ),
];

export function controlsOf(framework: TFramework): Control[] {
  return CONTROLS.filter((x) => x.framework === framework);
}

/**
 * The audit browser filter that shows a measure's evidence (with the report's period as from/to),
 * for the drill-down from a control. Keys are the audit browser's URL parameters.
 */
export const EVIDENCE_FILTERS: Record<MeasureId, Record<string, string>> = {
  mfa: { action: "user.mfa." },
  deprovisioning: { action: "user." },
  roleChanges: { action: "user.role." },
  externalData: { action: "policy.publish" },
  auditCoverage: { category: "agent" },
  integrityAlarms: { category: "integrity" },
  monitoring: { category: "integrity" },
  changeManagement: { action: "policy." },
  auditAccess: { action: "audit." },
};
