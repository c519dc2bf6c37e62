import {
  checkpointHash,
  coverageLimitSeconds,
  type PublicKeys,
  type SignedCheckpoint,
  type StoredCheckpoint,
  verifyCheckpoint,
  verifyCheckpointChain,
} from "@luminous/audit";
import type { PrismaClient } from "@luminous/db";
import type { Tx } from "../db";
import type { VerifyProblem } from "./verify-audit-trail";

/** Events of a lane that no signed checkpoint covers yet: the window in which a change is not detected. */
export interface LaneWindow {
  lane: number;
  /** Events after the lane's last checkpoint. */
  uncovered: number;
  /** receivedAt of the oldest of them (null: none). */
  oldestUncoveredAt: string | null;
  lastCheckpoint: { seq: number; count: number; at: string } | null;
}

/**
 * The checks on a lane's checkpoints themselves: their chain (nothing deleted, moved, replaced)
 * and coverage (no row older than twice the checkpoint interval after the last checkpoint, which
 * is what deleting the newest checkpoints, or all of them, leaves behind).
 */
export async function checkLaneCheckpoints(
  prisma: PrismaClient | Tx,
  orgId: string,
  lane: number,
  stored: StoredCheckpoint[],
  opts: { publicKeysById: PublicKeys; startsAfter: number; intervalSeconds: number; now: Date },
): Promise<{ problems: VerifyProblem[]; window: LaneWindow }> {
  const problems: VerifyProblem[] = [];
  const chain = verifyCheckpointChain(stored, {
    publicKeysById: opts.publicKeysById,
    orgId,
    lane,
    startsAfter: opts.startsAfter,
  });
  if (!chain.ok) {
    const at = stored.find((s) => s.seq === chain.seq);
    problems.push({
      problem: chain.problem,
      eventId: null,
      lane,
      serverSeq: at?.serverSeq ?? null,
      message: chain.message,
    });
  }
  const last = stored.at(-1);
  const covered = last?.serverSeq ?? 0;
  const [agg] = await prisma.$queryRaw<
    { n: bigint; oldest: Date | null; firstSeq: bigint | null; firstId: string | null }[]
  >`
    SELECT count(*) AS n, min("receivedAt") AS oldest, min("serverSeq") AS "firstSeq",
           (array_agg("id"::text ORDER BY "serverSeq"))[1] AS "firstId"
    FROM "AuditEvent" WHERE "orgId" = ${orgId}::uuid AND "lane" = ${lane} AND "serverSeq" > ${covered}`;
  const limit = coverageLimitSeconds(opts.intervalSeconds);
  if (agg?.oldest && opts.now.getTime() - agg.oldest.getTime() > limit * 1000) {
    const n = Number(agg.n);
    problems.push({
      problem: "not_checkpointed",
      eventId: agg.firstId,
      lane,
      serverSeq: agg.firstSeq === null ? null : Number(agg.firstSeq),
      message:
        `lane ${lane}: ${n} event${n === 1 ? "" : "s"} after ${last ? `checkpoint #${last.seq}` : "the start"} ` +
        `not covered by a signed checkpoint, the oldest received ${agg.oldest.toISOString()} ` +
        `(more than ${limit} s ago: checkpoints deleted, or the worker has not signed for that long)`,
    });
  }
  return {
    problems,
    window: {
      lane,
      uncovered: Number(agg?.n ?? 0),
      oldestUncoveredAt: agg?.oldest?.toISOString() ?? null,
      lastCheckpoint: last ? { seq: last.seq, count: last.serverSeq, at: last.cp.payload.at } : null,
    },
  };
}

/**
 * Compares checkpoints kept outside the database (an agent's, a SIEM's) with the lane: each must
 * be stored unchanged, and the row it signed must still be the row at its position, so a rewrite
 * shows even when the database's own checkpoints were deleted or re-signed over the forged lane.
 */
export async function checkWitnessed(
  prisma: PrismaClient | Tx,
  orgId: string,
  lane: number,
  witnessed: SignedCheckpoint[],
  stored: StoredCheckpoint[],
  opts: { publicKeysById: PublicKeys; startsAfter: number; source: string },
): Promise<{ problems: VerifyProblem[]; checked: number }> {
  const problems: VerifyProblem[] = [];
  const bySeq = new Map(stored.map((s) => [s.seq, s]));
  let checked = 0;
  for (const w of witnessed) {
    const p = w.payload;
    const name = `checkpoint ${p.v === 2 ? `#${p.seq}` : `at event ${p.count}`} of lane ${lane} from ${opts.source}`;
    const add = (problem: string, message: string, eventId: string | null = null) =>
      problems.push({ problem, eventId, lane, serverSeq: p.count, message: `${name}: ${message}` });
    if (!verifyCheckpoint(w, opts.publicKeysById) || p.orgId !== orgId) {
      add("witness_invalid", "not signed by a trusted key of this org (not used)");
      continue;
    }
    checked += 1;
    const same = p.v === 2 ? bySeq.get(p.seq) : stored.find((s) => s.serverSeq === p.count && s.cp.payload.v === 1);
    if (!same) add("witness_missing", "not in the database (deleted)");
    else if (checkpointHash(same.cp) !== checkpointHash(w)) {
      add("witness_mismatch", "the database holds a different checkpoint with that number (replaced)");
    }
    if (p.count <= opts.startsAfter) continue; // its rows were removed by retention
    const [row] = await prisma.$queryRaw<{ id: string; serverHash: string }[]>`
      SELECT "id", "serverHash" FROM "AuditEvent"
      WHERE "orgId" = ${orgId}::uuid AND "lane" = ${lane} AND "serverSeq" = ${p.count}`;
    if (!row) add("witness_rows_deleted", `event #${p.count} it signed is not stored (deleted)`);
    else if (row.id !== p.lastEventId || row.serverHash !== p.lastServerHash) {
      add("witness_rewritten", `the events up to #${p.count} are not those it signed (rewritten)`, row.id);
    }
  }
  return { problems, checked };
}
