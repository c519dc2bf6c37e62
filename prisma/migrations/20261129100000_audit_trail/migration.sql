-- Audit trail: the indexes the audit browser's filters need, free-text search over commands,
-- and the result of the last chain verification per org (the console's integrity badge).
--
-- Every filter index leads with "orgId" (every query is org-scoped) and ends with ts DESC, id DESC,
-- so a filtered page is an index range scan in the browser's keyset order (no sort).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "AuditEvent_orgId_deviceId_ts_id_idx" ON "AuditEvent" ("orgId", "deviceId", "ts" DESC, "id" DESC);
-- "user": the workstation user for agent events, the signed-in actor for console events.
CREATE INDEX "AuditEvent_orgId_user_ts_id_idx" ON "AuditEvent" ("orgId", (coalesce("subject", "actorLabel")), "ts" DESC, "id" DESC);
CREATE INDEX "AuditEvent_orgId_type_ts_id_idx" ON "AuditEvent" ("orgId", "type", "ts" DESC, "id" DESC);
CREATE INDEX "AuditEvent_orgId_outcome_ts_id_idx" ON "AuditEvent" ("orgId", "outcome", "ts" DESC, "id" DESC);
CREATE INDEX "AuditEvent_orgId_action_ts_id_idx" ON "AuditEvent" ("orgId", "action", "ts" DESC, "id" DESC);
CREATE INDEX "AuditEvent_packages_idx" ON "AuditEvent" USING gin ("packages");
CREATE INDEX "AuditEvent_services_idx" ON "AuditEvent" USING gin ("services");
CREATE INDEX "AuditEvent_command_trgm_idx" ON "AuditEvent" USING gin ("command" gin_trgm_ops);

-- CreateTable
CREATE TABLE "AuditVerification" (
    "orgId" UUID NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "checkedAt" TIMESTAMPTZ(3) NOT NULL,
    "count" BIGINT NOT NULL,
    "checkpointsVerified" INTEGER NOT NULL,
    "problem" TEXT,
    "eventId" TEXT,
    "message" TEXT,
    "details" JSONB,
    CONSTRAINT "AuditVerification_pkey" PRIMARY KEY ("orgId")
);

ALTER TABLE "AuditVerification" ADD CONSTRAINT "AuditVerification_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;
