-- Stable URL key of an identity provider (SAML entity id / ACS URL, OIDC redirect URI): the slug
-- it was created with, frozen. Existing IdPs keep the slug their URLs were built from, so the apps
-- already configured in Okta or Entra ID go on working; changing the slug no longer changes them.
ALTER TABLE "IdentityProvider" ADD COLUMN "spKey" TEXT;
UPDATE "IdentityProvider" SET "spKey" = "slug";
ALTER TABLE "IdentityProvider" ALTER COLUMN "spKey" SET NOT NULL;
CREATE UNIQUE INDEX "IdentityProvider_spKey_key" ON "IdentityProvider"("spKey");

-- When a mapping last matched a group the IdP sent (null: never).
ALTER TABLE "IdpGroupMapping" ADD COLUMN "lastMatchedAt" TIMESTAMPTZ(3);

-- The groups received at the last sign-ins of each IdP (pruned to a few per IdP by the writer).
CREATE TABLE "IdpGroupSample" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "idpId" UUID NOT NULL,
    "subject" TEXT NOT NULL,
    "groups" TEXT[],
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "IdpGroupSample_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "IdpGroupSample_idpId_receivedAt_idx" ON "IdpGroupSample"("idpId", "receivedAt" DESC);
ALTER TABLE "IdpGroupSample" ADD CONSTRAINT "IdpGroupSample_idpId_fkey" FOREIGN KEY ("idpId") REFERENCES "IdentityProvider"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The reference shown after a refused sign-in is the request id: the audit browser finds it by
-- that. Partial, so agent events (which carry none) cost the index nothing.
CREATE INDEX "AuditEvent_orgId_requestId_idx" ON "AuditEvent"("orgId", "requestId") WHERE "requestId" IS NOT NULL;
