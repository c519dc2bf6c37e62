-- An account's email changes only once the new address confirms it.
ALTER TABLE "User" ADD COLUMN "pendingEmail" TEXT;
ALTER TABLE "User" ADD COLUMN "emailChangeTokenHash" TEXT;
ALTER TABLE "User" ADD COLUMN "emailChangeExpiresAt" TIMESTAMPTZ(3);
CREATE UNIQUE INDEX "User_emailChangeTokenHash_key" ON "User"("emailChangeTokenHash");
