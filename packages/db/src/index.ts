import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client";

export * from "../generated/prisma/client";
export { ensureAuditPartitions } from "./partitions";

/**
 * One client per process. Uses the pg driver adapter and the JavaScript query compiler, so no
 * native engine binary is needed at run time.
 */
export function createPrisma(connectionString: string, opts: { max?: number } = {}): PrismaClient {
  // The pool is ours (the adapter ends it on $disconnect) so its use can be reported as metrics.
  const pool = new pg.Pool({ connectionString, max: opts.max ?? 10 });
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(client, pool);
  return client;
}

const pools = new WeakMap<PrismaClient, pg.Pool>();

/** The connection pool under a client made by createPrisma. */
export function poolOf(client: PrismaClient): pg.Pool | undefined {
  return pools.get(client);
}
