-- SCIM 2.0 provisioning: one config (token hash, linked IdP) per org, and the SCIM side of the
-- users and groups it provisions (enterprise extension department / manager included).
CREATE TABLE "ScimConfig" (
    "orgId" UUID NOT NULL,
    "idpId" UUID NOT NULL,
    "subjectAttribute" TEXT NOT NULL DEFAULT 'userName',
    "tokenHash" TEXT,
    "tokenPrefix" TEXT,
    "tokenCreatedAt" TIMESTAMPTZ(3),
    "tokenCreatedById" UUID,
    "tokenLastUsedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "ScimConfig_pkey" PRIMARY KEY ("orgId")
);
CREATE UNIQUE INDEX "ScimConfig_tokenHash_key" ON "ScimConfig"("tokenHash");
ALTER TABLE "ScimConfig" ADD CONSTRAINT "ScimConfig_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ScimConfig" ADD CONSTRAINT "ScimConfig_idpId_fkey" FOREIGN KEY ("idpId") REFERENCES "IdentityProvider"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "ScimUser" (
    "userId" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "userName" TEXT NOT NULL,
    "userNameKey" TEXT NOT NULL,
    "externalId" TEXT,
    "displayName" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "department" TEXT,
    "managerId" TEXT,
    "resource" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "ScimUser_pkey" PRIMARY KEY ("userId")
);
CREATE UNIQUE INDEX "ScimUser_orgId_userNameKey_key" ON "ScimUser"("orgId", "userNameKey");
CREATE INDEX "ScimUser_orgId_externalId_idx" ON "ScimUser"("orgId", "externalId");
ALTER TABLE "ScimUser" ADD CONSTRAINT "ScimUser_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "ScimGroup" (
    "groupId" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "externalId" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "ScimGroup_pkey" PRIMARY KEY ("groupId")
);
CREATE INDEX "ScimGroup_orgId_externalId_idx" ON "ScimGroup"("orgId", "externalId");
ALTER TABLE "ScimGroup" ADD CONSTRAINT "ScimGroup_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;
