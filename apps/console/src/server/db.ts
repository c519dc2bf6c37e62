import { createPrisma, type PrismaClient, poolOf } from "@luminous/db";
import pg from "pg";
import { env } from "./env";
import { log } from "./log";

const g = globalThis as unknown as { __luminousPrisma?: PrismaClient; __luminousPrismaUrl?: string };

/** The process-wide Prisma client (kept on globalThis so dev hot reload does not leak pools). */
export function db(): PrismaClient {
  const url = env().DATABASE_URL;
  if (!g.__luminousPrisma || g.__luminousPrismaUrl !== url) {
    g.__luminousPrisma = createPrisma(url);
    g.__luminousPrismaUrl = url;
  }
  return g.__luminousPrisma;
}

/** The pg pool under the process-wide Prisma client, for its metrics (undefined before first use). */
export function prismaPool(): pg.Pool | undefined {
  return g.__luminousPrisma ? poolOf(g.__luminousPrisma) : undefined;
}

export type { PrismaClient };
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const gp = globalThis as unknown as { __luminousPg?: pg.Pool; __luminousPgUrl?: string };

/**
 * A plain pg pool beside Prisma for the few hot paths where Prisma's per-query overhead shows in
 * the benchmarks (the agent's policy poll); everything else goes through db().
 */
export function pgPool(): pg.Pool {
  const url = env().DATABASE_URL;
  if (!gp.__luminousPg || gp.__luminousPgUrl !== url) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle connection dropped by the server (restart, failover) must not take the process down.
    pool.on("error", (err) => log("warn", "idle database connection closed", { err: err.message }));
    gp.__luminousPg = pool;
    gp.__luminousPgUrl = url;
  }
  return gp.__luminousPg;
}

export async function closePgPool(): Promise<void> {
  const pool = gp.__luminousPg;
  gp.__luminousPg = undefined;
  gp.__luminousPgUrl = undefined;
  await pool?.end();
}

/** Closes both clients (tests and one-shot scripts). */
export async function closeDatabases(): Promise<void> {
  const { closeNotifyListener } = await import("./db-notify");
  await closeNotifyListener();
  await g.__luminousPrisma?.$disconnect();
  g.__luminousPrisma = undefined;
  await closePgPool();
}
