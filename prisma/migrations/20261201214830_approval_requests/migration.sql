-- Approval requests (kept forever, whatever their outcome) and each approver's decision.
-- CreateTable
CREATE TABLE "ApprovalRequest" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "deviceId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "localUser" TEXT NOT NULL,
    "sentence" TEXT,
    "command" TEXT,
    "action" TEXT NOT NULL,
    "packages" TEXT[],
    "services" TEXT[],
    "rule" TEXT NOT NULL,
    "policyVersion" INTEGER NOT NULL,
    "reason" TEXT,
    "actionHash" TEXT NOT NULL,
    "rules" JSONB NOT NULL,
    "breakGlass" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "decidedAt" TIMESTAMPTZ(3),
    "validUntil" TIMESTAMPTZ(3),
    "usedAt" TIMESTAMPTZ(3),
    "useSuccess" BOOLEAN,
    "executedCommand" TEXT,
    "useDetail" TEXT,
    "reviewClosedAt" TIMESTAMPTZ(3),
    "reviewClosedBy" UUID,
    "reviewNote" TEXT,

    CONSTRAINT "ApprovalRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApprovalDecision" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "userLabel" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "verdict" TEXT NOT NULL,
    "reason" TEXT,
    "mfaFactor" TEXT,
    "mfaAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApprovalDecision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ApprovalRequest_orgId_status_createdAt_idx" ON "ApprovalRequest"("orgId", "status", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "ApprovalRequest_orgId_createdAt_idx" ON "ApprovalRequest"("orgId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "ApprovalRequest_deviceId_actionHash_idx" ON "ApprovalRequest"("deviceId", "actionHash");

-- CreateIndex
CREATE INDEX "ApprovalDecision_orgId_createdAt_idx" ON "ApprovalDecision"("orgId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ApprovalDecision_requestId_userId_key" ON "ApprovalDecision"("requestId", "userId");

-- AddForeignKey
ALTER TABLE "ApprovalRequest" ADD CONSTRAINT "ApprovalRequest_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApprovalRequest" ADD CONSTRAINT "ApprovalRequest_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApprovalDecision" ADD CONSTRAINT "ApprovalDecision_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "ApprovalRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

