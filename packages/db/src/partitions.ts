import type { PrismaClient } from "../generated/prisma/client";

/**
 * Creates the monthly partitions of the audit table around now (the migration creates the
 * function and a DEFAULT partition). Safe to run on every start and from the maintenance job.
 */
export async function ensureAuditPartitions(prisma: PrismaClient, monthsBack = 13, monthsAhead = 3): Promise<void> {
  await prisma.$executeRaw`SELECT ensure_audit_partitions(${monthsBack}::int, ${monthsAhead}::int)`;
}
