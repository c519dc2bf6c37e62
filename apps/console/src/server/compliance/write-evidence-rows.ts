import { createHash } from "node:crypto";
import { closeSync, openSync, writeSync } from "node:fs";
import type { EvidenceRow } from "@luminous/compliance";
import { pgPool } from "../db";
import type { LaneWindow } from "./evidence-windows";

const PAGE = 10_000;
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
 * Writes every row of the windows, lane by lane in chain order, as NDJSON to `path`, one page in
 * memory at a time, handing each row to `onRow` as well (the report's evaluation); returns the
 * file's SHA-256, size and row count.
 */
export async function writeEvidenceRows(
  orgId: string,
  windows: LaneWindow[],
  path: string,
  onRow?: (row: EvidenceRow) => void,
): Promise<{ sha256: string; bytes: number; rows: number }> {
  const fd = openSync(path, "w");
  const hash = createHash("sha256");
  let bytes = 0;
  let rows = 0;
  try {
    for (const w of windows) {
      let after = w.fromSeq - 1;
      for (;;) {
        const { rows: page } = await pgPool().query<Raw>(SQL, [orgId, w.lane, after, w.toSeq]);
        if (page.length === 0) break;
        let chunk = "";
        for (const r of page) {
          const row: EvidenceRow = {
            ...r,
            ts: r.ts.toISOString(),
            receivedAt: r.receivedAt.toISOString(),
            seq: r.seq === null ? null : Number(r.seq),
            serverSeq: Number(r.serverSeq),
          };
          chunk += `${JSON.stringify(row)}\n`;
          onRow?.(row);
        }
        const buf = Buffer.from(chunk);
        writeSync(fd, buf);
        hash.update(buf);
        bytes += buf.length;
        rows += page.length;
        after = Number(page.at(-1)!.serverSeq);
        if (page.length < PAGE) break;
      }
    }
  } finally {
    closeSync(fd);
  }
  return { sha256: hash.digest("hex"), bytes, rows };
}
