-- Daily compliance snapshots: every control's status and figures for one UTC day, chained per org
-- (each row's hash covers the previous row's), so a past day's state cannot be rewritten unseen.
CREATE TABLE "ComplianceSnapshot" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "seq" BIGINT NOT NULL,
    "day" TEXT NOT NULL,
    "controlId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "population" INTEGER NOT NULL,
    "exceptionCount" INTEGER NOT NULL,
    "numbers" JSONB NOT NULL,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ComplianceSnapshot_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "ComplianceSnapshot_orgId_seq_key" ON "ComplianceSnapshot"("orgId", "seq");
CREATE UNIQUE INDEX "ComplianceSnapshot_orgId_day_controlId_key" ON "ComplianceSnapshot"("orgId", "day", "controlId");
CREATE INDEX "ComplianceSnapshot_orgId_controlId_day_idx" ON "ComplianceSnapshot"("orgId", "controlId", "day");

ALTER TABLE "ComplianceSnapshot" ADD CONSTRAINT "ComplianceSnapshot_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;
