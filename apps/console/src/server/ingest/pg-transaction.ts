import type pg from "pg";
import { closePgPool, pgPool } from "../db";

/**
 * Ingestion runs on the plain pg pool (db.ts pgPool): the hot path sends a batch as a few array
 * parameters, and going through the ORM would serialise each of them again in WebAssembly. Same
 * database, same transaction semantics; everything else in the console uses Prisma.
 */
const pool = pgPool;

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
export const closeIngestPool = closePgPool;
