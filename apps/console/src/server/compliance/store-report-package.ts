import { closeSync, openSync, readSync } from "node:fs";
import { pgPool } from "../db";
import { CHUNK_BYTES } from "./report-run-schemas";

/**
 * Copies a package file into the run's pieces (1 MiB each) in one transaction, replacing what an
 * earlier, interrupted attempt left, one piece in memory at a time; returns how many pieces.
 */
export async function storeReportPackage(runId: string, file: string): Promise<number> {
  const client = await pgPool().connect();
  const fd = openSync(file, "r");
  try {
    await client.query("BEGIN");
    await client.query(`DELETE FROM "ReportRunChunk" WHERE "runId" = $1::uuid`, [runId]);
    const buf = Buffer.alloc(CHUNK_BYTES);
    let n = 0;
    for (;;) {
      const len = readSync(fd, buf, 0, CHUNK_BYTES, null);
      if (len === 0) break;
      await client.query(`INSERT INTO "ReportRunChunk" ("runId", "n", "data") VALUES ($1::uuid, $2, $3)`, [
        runId,
        n++,
        buf.subarray(0, len),
      ]);
    }
    await client.query("COMMIT");
    return n;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    closeSync(fd);
    client.release();
  }
}

/** The stored package, piece by piece in order (one piece in memory at a time). */
export async function* readReportPackage(runId: string): AsyncGenerator<Uint8Array> {
  for (let n = 0; ; n++) {
    const { rows } = await pgPool().query<{ data: Buffer }>(
      `SELECT "data" FROM "ReportRunChunk" WHERE "runId" = $1::uuid AND "n" = $2`,
      [runId, n],
    );
    if (!rows[0]) return;
    yield new Uint8Array(rows[0].data);
  }
}
