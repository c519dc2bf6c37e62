import type { EvidenceEvent } from "@luminous/compliance";
import { pgPool } from "../db";

/** Rows per query: one page in memory at a time, whatever the period holds. */
const PAGE = 10_000;

const SQL = `SELECT "id", "ts", "category", "type", "action", "outcome", "actorType", "actorId", "actorLabel",
    "targetType", "targetId", "targetLabel", "deviceId", "before", "after", "data"
  FROM "AuditEvent"
  WHERE "orgId" = $1::uuid AND "ts" >= $2::timestamptz AND "ts" < $3::timestamptz
    AND ("ts", "id") > ($4::timestamptz, $5::uuid)
  ORDER BY "ts", "id" LIMIT ${PAGE}`;

interface Row extends Omit<EvidenceEvent, "ts"> {
  ts: Date;
}

/**
 * Every audit event of the org in [from, to), oldest first, as the evidence engine reads them.
 * Keyset pages on (ts, id) over the (orgId, ts, id) index, with plain pg (Prisma's per-row
 * overhead dominates at millions of rows).
 */
export async function* streamPeriodEvents(orgId: string, from: Date, to: Date): AsyncGenerator<EvidenceEvent> {
  let after = { ts: new Date(from.getTime() - 1).toISOString(), id: "00000000-0000-0000-0000-000000000000" };
  for (;;) {
    const { rows } = await pgPool().query<Row>(SQL, [orgId, from.toISOString(), to.toISOString(), after.ts, after.id]);
    for (const r of rows) yield { ...r, ts: r.ts.toISOString() };
    if (rows.length < PAGE) return;
    const last = rows.at(-1)!;
    after = { ts: last.ts.toISOString(), id: last.id };
  }
}
