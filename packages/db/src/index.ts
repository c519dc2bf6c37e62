import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";

export * from "../generated/prisma/client";
export { ensureAuditPartitions } from "./partitions";

/**
 * One client per process. Uses the pg driver adapter and the JavaScript query compiler, so no
 * native engine binary is needed at run time.
 */
export function createPrisma(connectionString: string, opts: { max?: number } = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString, max: opts.max ?? 10 });
  return new PrismaClient({ adapter });
}
