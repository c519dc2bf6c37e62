-- Agent API: cheap 304s for policy polls and per-device signing-key rotation state.

-- AlterTable
ALTER TABLE "Org" ADD COLUMN     "policyGeneration" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Device" ADD COLUMN     "bundleGeneration" INTEGER,
ADD COLUMN     "bundleIssuedAt" TIMESTAMPTZ(3),
ADD COLUMN     "bundleKeyId" TEXT,
ADD COLUMN     "knownKeyIds" TEXT[] DEFAULT ARRAY[]::TEXT[];
