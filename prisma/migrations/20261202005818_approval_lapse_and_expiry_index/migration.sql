-- An approval nobody used before it lapsed is recorded once (approval.lapse).
ALTER TABLE "ApprovalRequest" ADD COLUMN "lapsedAt" TIMESTAMPTZ(3);

-- The worker's expiry job looks for pending requests past their expiry across orgs.
CREATE INDEX "ApprovalRequest_status_expiresAt_idx" ON "ApprovalRequest"("status", "expiresAt");

-- Who closed a break-glass review, as shown (the account may be renamed or removed later).
ALTER TABLE "ApprovalRequest" ADD COLUMN "reviewClosedByLabel" TEXT;
