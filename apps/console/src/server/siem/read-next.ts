import { pgPool } from "../db";
import {
  type CheckpointRow,
  eventFromCheckpoint,
  eventFromRow,
  type Forwardable,
  TRAIL_SELECT,
  type TrailRow,
} from "./siem-event";

export interface Cursor {
  lane: number;
  position: bigint;
}

export interface NextBatch {
  items: Forwardable[];
  /** Per lane: where the cursor moves once this batch is handed over (everything read, kept or filtered). */
  advance: Map<number, bigint>;
  /** Per lane: rows between the cursor and the first row still stored (deleted by retention before delivery). */
  dropped: Map<number, bigint>;
}

/**
 * What lies after a destination's cursors, up to `perLane` records of each lane, in the order the
 * records were received. Within a lane the chain position (serverSeq) is given under the lane's
 * head lock and committed in that order, so the rows after a cursor that a reader can see are
 * always a gapless run: a row committed late can never appear behind a cursor that moved past it.
 * Read on the plain pg pool: this is the forwarding hot path (Prisma's raw-row decoding showed).
 */
export async function readNext(orgId: string, stream: string, cursors: Cursor[], perLane: number): Promise<NextBatch> {
  const lanes = cursors.map((c) => c.lane);
  const positions = cursors.map((c) => c.position.toString());
  let items: Forwardable[];
  if (stream === "checkpoints") {
    const { rows } = await pgPool().query<CheckpointRow>(
      `SELECT k."id", k."lane"::int AS "lane", k."seq", k."serverSeq", k."serverHash", k."count", k."keyId",
         k."payload", k."signature", k."createdAt"
       FROM unnest($2::smallint[], $3::bigint[]) AS c(lane, pos)
       CROSS JOIN LATERAL (SELECT * FROM "ChainCheckpoint" k WHERE k."orgId" = $1::uuid AND k."lane" = c.lane
         AND k."seq" > c.pos ORDER BY k."seq" LIMIT $4) k`,
      [orgId, lanes, positions, perLane],
    );
    items = rows.map(eventFromCheckpoint);
  } else {
    const { rows } = await pgPool().query<TrailRow>(
      `SELECT ${TRAIL_SELECT}
       FROM unnest($2::smallint[], $3::bigint[]) AS c(lane, pos)
       CROSS JOIN LATERAL (SELECT * FROM "AuditEvent" e WHERE e."orgId" = $1::uuid AND e."lane" = c.lane
         AND e."serverSeq" > c.pos ORDER BY e."serverSeq" LIMIT $4) e`,
      [orgId, lanes, positions, perLane],
    );
    items = rows.map(eventFromRow);
  }
  const advance = new Map<number, bigint>();
  const dropped = new Map<number, bigint>();
  const start = new Map(cursors.map((c) => [c.lane, c.position]));
  for (const it of items) {
    const first = !advance.has(it.lane);
    if (first) {
      const gap = it.position - (start.get(it.lane) ?? 0n) - 1n;
      if (gap > 0n) dropped.set(it.lane, gap);
    }
    if (first || it.position > advance.get(it.lane)!) advance.set(it.lane, it.position);
  }
  // Chain order: lane by lane, each in its serverSeq order.
  items.sort((a, b) => a.lane - b.lane || (a.position < b.position ? -1 : 1));
  return { items, advance, dropped };
}
