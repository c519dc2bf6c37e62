import type { MeasureId } from "./measure";

/** The events every control reads; each method below says which of them it counts. */
export const EVENTS_QUERY = `SELECT * FROM "AuditEvent" WHERE "orgId" = :org AND "ts" >= :from AND "ts" < :to`;

const USERS = `SELECT "id", "email", "status", "source", "totpEnabledAt" IS NOT NULL AS mfa, "createdAt", "deactivatedAt" FROM "User" WHERE "orgId" = :org`;
const DEVICES = `SELECT "id", "hostname", "enrolledAt", "revokedAt" FROM "Device" WHERE "orgId" = :org AND "enrolledAt" < :to AND ("revokedAt" IS NULL OR "revokedAt" >= :from)`;

/** How each measure is computed, stated so an auditor can re-run it against the database. */
export const METHODS: Record<MeasureId, string> = {
  mfa: `Population: ${USERS} AND "source" = 'local' AND "createdAt" < :to AND ("deactivatedAt" IS NULL OR "deactivatedAt" >= :from). Events: ${EVENTS_QUERY} AND "action" IN ('user.mfa.enable', 'user.mfa.disable') AND "outcome" = 'success'. Exception: a user whose factor was disabled in the period, enabled only during it (after the account existed), or, with no change in the period, has no factor now. Sign-ins counted from "action" = 'auth.signin'.`,
  deprovisioning: `Population: ${EVENTS_QUERY} AND "action" = 'user.deactivate' AND "outcome" = 'success'. Exception: ${EVENTS_QUERY} AND "actorType" = 'user' AND "outcome" = 'success' AND "action" <> 'auth.signout' AND "ts" > (the actor's "User"."deactivatedAt").`,
  roleChanges: `Population: ${EVENTS_QUERY} AND "action" IN ('user.role.change', 'user.role.sync') AND "outcome" = 'success'. Exception: "actorType" = 'user' AND "actorId" = "targetId" (a user changed their own role).`,
  externalData: `Population: ${DEVICES}, each with llm.allow_external of its effective policy (org, group and device assignments of the latest published versions, merged). Exception: a device whose effective policy allows an external LLM; ${EVENTS_QUERY} AND "action" = 'policy.publish' whose version ("PolicyVersion"."document"->'llm'->>'allow_external') is true.`,
  auditCoverage: `Population: ${DEVICES}, each with audit.enabled of its effective policy. Exception: a device with audit.enabled = false, or enrolled before :from, not revoked, and without a row in ${EVENTS_QUERY} AND "category" = 'agent' AND "deviceId" = the device.`,
  integrityAlarms: `Population: ${DEVICES}. Exception: each device (or the console) with rows in ${EVENTS_QUERY} AND ("category" = 'integrity' OR "type" = 'bundle_rejected' OR "action" = 'device.bundle.rejected').`,
  monitoring: `The union of audit coverage and integrity alarms. Population: ${DEVICES}. Exceptions: devices with audit.enabled = false or without an agent event in ${EVENTS_QUERY}; devices with rows in ${EVENTS_QUERY} AND ("category" = 'integrity' OR "type" = 'bundle_rejected').`,
  changeManagement: `Population: ${EVENTS_QUERY} AND "action" = 'policy.publish' AND "outcome" = 'success', joined to "PolicyVersion" on ("policyId" = "targetId", "number" = "after"->>'publishedVersion'). Exception: no change note ("data"->>'note' empty), or "PolicyVersion"."authorId" = "actorId" with no approval event ("action" IN ('policy.approve', 'approval.approve', 'approval.approved') naming that version).`,
  auditAccess: `Population: ${EVENTS_QUERY} AND "action" IN ('audit.export', 'audit.view', 'audit.verify', 'compliance.report.generate', 'compliance.report.download', 'compliance.package.download'). Exception: such an event with "actorId" IS NULL.`,
};
