-- Scheduled compliance reports: a schedule per org, framework and cadence; each run keeps its
-- evidence package (zip) in 1 MiB bytea pieces with the package's SHA-256.
CREATE TABLE "ReportSchedule" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "framework" TEXT NOT NULL,
    "cadence" TEXT NOT NULL,
    "createdById" UUID,
    "createdByLabel" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReportSchedule_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ReportRun" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "scheduleId" UUID,
    "framework" TEXT NOT NULL,
    "cadence" TEXT NOT NULL,
    "periodFrom" TIMESTAMPTZ(3) NOT NULL,
    "periodTo" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMPTZ(3),
    "requestedByLabel" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "sha256" TEXT,
    "bytes" BIGINT,
    "summary" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReportRun_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ReportRunChunk" (
    "runId" UUID NOT NULL,
    "n" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "ReportRunChunk_pkey" PRIMARY KEY ("runId", "n")
);

CREATE UNIQUE INDEX "ReportSchedule_orgId_framework_cadence_key" ON "ReportSchedule"("orgId", "framework", "cadence");
CREATE UNIQUE INDEX "ReportRun_scheduleId_periodFrom_key" ON "ReportRun"("scheduleId", "periodFrom");
CREATE INDEX "ReportRun_orgId_createdAt_idx" ON "ReportRun"("orgId", "createdAt" DESC);
CREATE INDEX "ReportRun_status_nextAttemptAt_idx" ON "ReportRun"("status", "nextAttemptAt");

ALTER TABLE "ReportSchedule" ADD CONSTRAINT "ReportSchedule_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ReportRun" ADD CONSTRAINT "ReportRun_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ReportRun" ADD CONSTRAINT "ReportRun_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "ReportSchedule"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "ReportRunChunk" ADD CONSTRAINT "ReportRunChunk_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ReportRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
