-- An invitation for an email that has an account in another organisation keeps the typed email
-- here; "email" holds a reserved placeholder so one email stays one account.
ALTER TABLE "User" ADD COLUMN "heldEmail" TEXT;

CREATE UNIQUE INDEX "User_orgId_heldEmail_key" ON "User"("orgId", "heldEmail");
