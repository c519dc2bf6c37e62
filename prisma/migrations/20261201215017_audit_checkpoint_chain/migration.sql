-- Checkpoint chain. Each lane's checkpoints are numbered 1, 2, 3 ... and every checkpoint signed
-- from now on (payload v2) signs its number and the hash of the lane's previous checkpoint, so
-- deleting, reordering or replacing one is detected. Checkpoints already stored (v1, unchained)
-- are numbered here in the order they were written and become the start of their lane's chain:
-- the first v2 checkpoint of a lane signs the hash of the lane's last v1 checkpoint and continues
-- its numbering.
ALTER TABLE "ChainCheckpoint" ADD COLUMN "seq" INTEGER;
UPDATE "ChainCheckpoint" c SET "seq" = n.seq
  FROM (SELECT "id", row_number() OVER (PARTITION BY "orgId", "lane" ORDER BY "serverSeq", "createdAt") AS seq
        FROM "ChainCheckpoint") n
  WHERE n."id" = c."id";
ALTER TABLE "ChainCheckpoint" ALTER COLUMN "seq" SET NOT NULL;
CREATE UNIQUE INDEX "ChainCheckpoint_orgId_lane_seq_key" ON "ChainCheckpoint" ("orgId", "lane", "seq");

-- Checkpoints agents witnessed that the database no longer holds as signed (one row per
-- distinct witnessed checkpoint, however many agents report it).
CREATE TABLE "AuditWitnessAlarm" (
  "id" UUID NOT NULL,
  "orgId" UUID NOT NULL,
  "lane" SMALLINT NOT NULL,
  "seq" INTEGER NOT NULL,
  "kind" TEXT NOT NULL,
  "witnessedHash" TEXT NOT NULL,
  "storedHash" TEXT,
  "checkpoint" JSONB NOT NULL,
  "deviceId" UUID,
  "reports" INTEGER NOT NULL DEFAULT 1,
  "firstSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "AuditWitnessAlarm_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "AuditWitnessAlarm_orgId_lane_seq_witnessedHash_key"
  ON "AuditWitnessAlarm" ("orgId", "lane", "seq", "witnessedHash");
ALTER TABLE "AuditWitnessAlarm" ADD CONSTRAINT "AuditWitnessAlarm_orgId_fkey"
  FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;
