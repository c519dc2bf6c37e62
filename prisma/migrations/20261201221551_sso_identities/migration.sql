-- One identity, one account: IdP identities move from User (idpId, externalId, overwritten by
-- whichever IdP signed in last) to a table of explicit links.
CREATE TABLE "UserIdentity" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "idpId" UUID NOT NULL,
    "subject" TEXT NOT NULL,
    "linkedVia" TEXT NOT NULL,
    "mfaAtLink" BOOLEAN NOT NULL DEFAULT false,
    "emailAtLink" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMPTZ(3),

    CONSTRAINT "UserIdentity_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "UserIdentity_idpId_subject_key" ON "UserIdentity"("idpId", "subject");
CREATE UNIQUE INDEX "UserIdentity_userId_idpId_key" ON "UserIdentity"("userId", "idpId");
CREATE INDEX "UserIdentity_orgId_idx" ON "UserIdentity"("orgId");
ALTER TABLE "UserIdentity" ADD CONSTRAINT "UserIdentity_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "UserIdentity" ADD CONSTRAINT "UserIdentity_idpId_fkey" FOREIGN KEY ("idpId") REFERENCES "IdentityProvider"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Accounts an IdP provisioned keep their identity at that IdP. Local accounts the old email
-- fallback reached were never written here, so they must now be linked explicitly.
INSERT INTO "UserIdentity" ("id", "orgId", "userId", "idpId", "subject", "linkedVia", "emailAtLink")
SELECT gen_random_uuid(), u."orgId", u."id", u."idpId", u."externalId", 'provisioned', u."email"
FROM "User" u JOIN "IdentityProvider" i ON i."id" = u."idpId" AND i."orgId" = u."orgId"
WHERE u."source" <> 'local' AND u."externalId" IS NOT NULL
ON CONFLICT DO NOTHING;

ALTER TABLE "User" DROP COLUMN "externalId", DROP COLUMN "idpId";

-- Who last configured an IdP's trust settings. Unknown for existing IdPs: they count as
-- configured by an Admin (the lowest role that could create one) until an Owner saves them.
ALTER TABLE "IdentityProvider" ADD COLUMN "configuredById" UUID,
    ADD COLUMN "configuredByRole" "Role",
    ADD COLUMN "configuredAt" TIMESTAMPTZ(3);

CREATE TABLE "IdentityLinkIntent" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "idpId" UUID NOT NULL,
    "mfa" BOOLEAN NOT NULL,
    "samlRequestId" TEXT,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdentityLinkIntent_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "IdentityLinkIntent_samlRequestId_key" ON "IdentityLinkIntent"("samlRequestId");
CREATE INDEX "IdentityLinkIntent_userId_idx" ON "IdentityLinkIntent"("userId");
