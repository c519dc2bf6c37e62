import type { SignedCheckpoint, TCheckpointPayload } from "@luminous/audit";
import type { LaneCoverage } from "@luminous/compliance";
import { db } from "../db";

export interface LaneWindow extends LaneCoverage {
  checkpoints: SignedCheckpoint[];
}

/**
 * For each chain lane holding events of the period: the rows from just after the newest signed
 * checkpoint before the period's first event to the first checkpoint at or after its last one
 * (or its last event, when none signs it yet), with the checkpoints that bound and cross it. The
 * verifier chains these rows from the first checkpoint through the others, so none can be
 * removed, added or edited unseen.
 */
export async function evidenceWindows(orgId: string, from: Date, to: Date): Promise<LaneWindow[]> {
  const spans = await db().$queryRaw<{ lane: number; lo: bigint; hi: bigint }[]>`
    SELECT "lane"::int AS lane, min("serverSeq") AS lo, max("serverSeq") AS hi FROM "AuditEvent"
    WHERE "orgId" = ${orgId}::uuid AND "ts" >= ${from} AND "ts" < ${to} GROUP BY "lane" ORDER BY "lane"`;
  const out: LaneWindow[] = [];
  for (const s of spans) {
    const lo = Number(s.lo);
    const hi = Number(s.hi);
    const [anchor, end] = await Promise.all([
      db().chainCheckpoint.findFirst({
        where: { orgId, lane: s.lane, serverSeq: { lt: lo } },
        orderBy: { serverSeq: "desc" },
      }),
      db().chainCheckpoint.findFirst({
        where: { orgId, lane: s.lane, serverSeq: { gte: hi } },
        orderBy: { serverSeq: "asc" },
      }),
    ]);
    const start = anchor ? Number(anchor.serverSeq) : 0;
    const toSeq = end ? Number(end.serverSeq) : hi;
    const cps = await db().chainCheckpoint.findMany({
      where: { orgId, lane: s.lane, serverSeq: { gte: BigInt(start), lte: BigInt(toSeq) } },
      orderBy: { serverSeq: "asc" },
    });
    const signed = cps.filter((c) => Number(c.serverSeq) > start).map((c) => Number(c.serverSeq));
    const lastCheckpoint = signed.length ? Math.max(...signed) : null;
    out.push({
      lane: s.lane,
      fromSeq: start + 1,
      toSeq,
      anchor: start,
      lastCheckpoint,
      unsigned: toSeq - (lastCheckpoint ?? start),
      checkpoints: cps.map((c) => ({ payload: c.payload as TCheckpointPayload, signature: c.signature })),
    });
  }
  return out;
}
