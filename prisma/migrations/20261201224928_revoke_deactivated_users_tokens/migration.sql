-- Deactivation now revokes a user's API tokens; revoke those of users deactivated before, so
-- reactivating them does not bring old tokens back.
UPDATE "ApiToken" SET "revokedAt" = now()
WHERE "revokedAt" IS NULL AND "userId" IN (SELECT "id" FROM "User" WHERE "status" = 'deactivated');
