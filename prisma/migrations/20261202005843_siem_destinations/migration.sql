-- SIEM forwarding: destinations and their per-lane cursors over the audit trail (docs/siem.md).
CREATE TABLE "SiemDestination" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "stream" TEXT NOT NULL DEFAULT 'events',
    "host" TEXT,
    "port" INTEGER,
    "url" TEXT,
    "caCert" TEXT,
    "clientCert" TEXT,
    "secretEnc" TEXT,
    "filter" JSONB NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "lastErrorReason" TEXT,
    "lastErrorAt" TIMESTAMPTZ(3),
    "lastDeliveredAt" TIMESTAMPTZ(3),
    "delivered" BIGINT NOT NULL DEFAULT 0,
    "failures" BIGINT NOT NULL DEFAULT 0,
    "droppedByRetention" BIGINT NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMPTZ(3),
    CONSTRAINT "SiemDestination_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "SiemDestination_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "SiemDestination_orgId_idx" ON "SiemDestination"("orgId");

CREATE TABLE "SiemCursor" (
    "destinationId" UUID NOT NULL,
    "lane" SMALLINT NOT NULL,
    "position" BIGINT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SiemCursor_pkey" PRIMARY KEY ("destinationId", "lane"),
    CONSTRAINT "SiemCursor_destinationId_fkey" FOREIGN KEY ("destinationId") REFERENCES "SiemDestination"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
