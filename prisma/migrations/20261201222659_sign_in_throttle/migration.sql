-- Sign-in throttling per (email, client address) replaces the per-account lock anyone could trigger.
ALTER TABLE "User" DROP COLUMN "failedLogins";
UPDATE "User" SET "lockedUntil" = NULL;

CREATE TABLE "SignInThrottle" (
    "key" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "blockedUntil" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "SignInThrottle_pkey" PRIMARY KEY ("key")
);
CREATE INDEX "SignInThrottle_email_idx" ON "SignInThrottle"("email");
CREATE INDEX "SignInThrottle_updatedAt_idx" ON "SignInThrottle"("updatedAt");
