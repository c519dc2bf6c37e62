-- A group's devices within an org: the audit browser's group filter starts from them (without it,
-- every device of the org is read and filtered on groupId).
CREATE INDEX "Device_orgId_groupId_idx" ON "Device"("orgId", "groupId");
