-- Step-up: sensitive console actions need a second factor proved within N minutes (null = off).
ALTER TABLE "Org" ADD COLUMN "stepUpMinutes" INTEGER;
ALTER TABLE "Org" ADD CONSTRAINT "Org_stepUpMinutes_range" CHECK ("stepUpMinutes" IS NULL OR "stepUpMinutes" BETWEEN 1 AND 60);

-- When a session last proved a fresh second factor, and which one.
ALTER TABLE "Session" ADD COLUMN "stepUpAt" TIMESTAMPTZ(3);
ALTER TABLE "Session" ADD COLUMN "stepUpFactor" TEXT;

-- WebAuthn security keys registered as a second factor.
CREATE TABLE "WebAuthnCredential" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "credentialId" TEXT NOT NULL,
    "publicKey" BYTEA NOT NULL,
    "counter" BIGINT NOT NULL DEFAULT 0,
    "transports" TEXT[],
    "deviceType" TEXT NOT NULL,
    "backedUp" BOOLEAN NOT NULL DEFAULT false,
    "aaguid" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMPTZ(3),
    CONSTRAINT "WebAuthnCredential_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "WebAuthnCredential_credentialId_key" ON "WebAuthnCredential"("credentialId");
CREATE INDEX "WebAuthnCredential_userId_idx" ON "WebAuthnCredential"("userId");
ALTER TABLE "WebAuthnCredential" ADD CONSTRAINT "WebAuthnCredential_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "WebAuthnCredential" ADD CONSTRAINT "WebAuthnCredential_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Challenges issued for registration and assertion: short-lived, deleted when used.
CREATE TABLE "WebAuthnChallenge" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "purpose" TEXT NOT NULL,
    "challenge" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "WebAuthnChallenge_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "WebAuthnChallenge_challenge_key" ON "WebAuthnChallenge"("challenge");
CREATE INDEX "WebAuthnChallenge_userId_expiresAt_idx" ON "WebAuthnChallenge"("userId", "expiresAt");
ALTER TABLE "WebAuthnChallenge" ADD CONSTRAINT "WebAuthnChallenge_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
