import pg from "pg";
import { env } from "../env";
import { log } from "../log";

const g = globalThis as unknown as { __luminousIngestPool?: pg.Pool; __luminousIngestPoolUrl?: string };

/**
 * Ingestion's own small pg pool: the hot path sends a batch as a few array parameters, and going
 * through the ORM would serialise each of them again in WebAssembly. Same database, same
 * transactions semantics; everything else in the console uses Prisma.
 */
function pool(): pg.Pool {
  const url = env().DATABASE_URL;
  if (!g.__luminousIngestPool || g.__luminousIngestPoolUrl !== url) {
    const p = new pg.Pool({ connectionString: url, max: 10 });
    // An idle connection dropped by the server (restart, failover) must not crash the process.
    p.on("error", (e) => log("warn", "ingest pool connection lost", { err: e.message }));
    g.__luminousIngestPool = p;
    g.__luminousIngestPoolUrl = url;
  }
  return g.__luminousIngestPool;
}

export type PgTx = pg.PoolClient;

export async function withPgTransaction<T>(fn: (c: PgTx) => Promise<T>): Promise<T> {
  const c = await pool().connect();
  let broken: Error | undefined;
  try {
    await c.query("BEGIN");
    const out = await fn(c);
    await c.query("COMMIT");
    return out;
  } catch (e) {
    broken = e as Error;
    await c.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    // A connection that failed mid-transaction is discarded rather than reused.
    c.release(broken);
  }
}

/** Closes the pool (tests and scripts that end). */
export async function closeIngestPool(): Promise<void> {
  const p = g.__luminousIngestPool;
  g.__luminousIngestPool = undefined;
  g.__luminousIngestPoolUrl = undefined;
  await p?.end();
}
