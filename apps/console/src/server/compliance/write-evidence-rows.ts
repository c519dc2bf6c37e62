import { createHash } from "node:crypto";
import { once } from "node:events";
import type { Writable } from "node:stream";
import type { EvidenceRow } from "@luminous/compliance";
import { pgPool } from "../db";
import type { LaneWindow } from "./evidence-windows";

/**
 * Rows per query: small enough that a page and its NDJSON stay a few MB and die young (a page
 * waiting beside the one being written is otherwise promoted and grows the heap).
 */
const PAGE = 2_000;
const SQL = `SELECT "id", "ts", "receivedAt", "category", "type", "action", "outcome", "actorType", "actorId", "actorLabel",
    "targetType", "targetId", "targetLabel", "before", "after", "ip", "userAgent", "sessionId", "deviceId", "seq",
    "subject", "command", "packages", "services", "data", "prevHash", "hash", "lane", "serverSeq", "serverHash"
  FROM "AuditEvent" WHERE "orgId" = $1::uuid AND "lane" = $2 AND "serverSeq" > $3 AND "serverSeq" <= $4
  ORDER BY "serverSeq" LIMIT ${PAGE}`;

type Raw = Omit<EvidenceRow, "ts" | "receivedAt" | "seq" | "serverSeq"> & {
  ts: Date;
  receivedAt: Date;
  seq: string | null;
  serverSeq: string;
};

/**
 * Writes every row of the windows, lane by lane in chain order, as NDJSON to `out` (honouring its
 * back-pressure), handing each row to `onRow` as well (the report's evaluation); returns the
 * NDJSON's SHA-256, size and row count. The next page is fetched while this one is written, so
 * Postgres and Node work at the same time; at most two pages are in memory.
 */
export async function writeEvidenceRows(
  orgId: string,
  windows: LaneWindow[],
  out: Writable,
  onRow?: (row: EvidenceRow) => void,
): Promise<{ sha256: string; bytes: number; rows: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  let rows = 0;
  const fetch = (w: LaneWindow, after: number) =>
    pgPool()
      .query<Raw>(SQL, [orgId, w.lane, after, w.toSeq])
      .then((r) => r.rows);
  for (const w of windows) {
    let next: Promise<Raw[]> | null = fetch(w, w.fromSeq - 1);
    while (next) {
      const page: Raw[] = await next;
      next = page.length === PAGE ? fetch(w, Number(page.at(-1)!.serverSeq)) : null;
      let chunk = "";
      for (const r of page) {
        // Converted in place (no copy of every row): ISO timestamps and numbers, as the verifier reads them.
        const row = r as unknown as EvidenceRow;
        row.ts = r.ts.toISOString();
        row.receivedAt = r.receivedAt.toISOString();
        row.seq = r.seq === null ? null : Number(r.seq);
        row.serverSeq = Number(r.serverSeq);
        chunk += `${JSON.stringify(row)}\n`;
        onRow?.(row);
      }
      const buf = Buffer.from(chunk);
      hash.update(buf);
      bytes += buf.length;
      rows += page.length;
      if (!out.write(buf)) await once(out, "drain");
    }
  }
  out.end();
  return { sha256: hash.digest("hex"), bytes, rows };
}
