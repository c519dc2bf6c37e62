import {
  checkpointHash,
  type PublicKeys,
  type SignedCheckpoint,
  type TCheckpointPayload,
  verifyCheckpoint,
} from "./checkpoint";
import { GENESIS_HASH } from "./schema";

/**
 * How often the worker signs a checkpoint of each lane that moved (`AUDIT_CHECKPOINT_SECONDS`), and
 * how old a row may get before verification requires a checkpoint to cover it: two intervals,
 * so one late or slow run of the job is not reported as tampering.
 */
export const CHECKPOINT_INTERVAL_SECONDS = 300;
export function coverageLimitSeconds(intervalSeconds: number = CHECKPOINT_INTERVAL_SECONDS): number {
  return 2 * intervalSeconds;
}

/** One stored checkpoint with the columns it is stored and ordered by. */
export interface StoredCheckpoint {
  /** Its number in the lane as stored (for a v1 checkpoint, the only number it has). */
  seq: number;
  /** The lane position it is stored at (must equal the signed count). */
  serverSeq: number;
  cp: SignedCheckpoint;
}

export type CheckpointChainProblem =
  | "checkpoint_signature"
  | "checkpoint_deleted"
  | "checkpoint_reordered"
  | "checkpoint_replaced"
  | "checkpoint_inserted";

export interface CheckpointChainFailure {
  problem: CheckpointChainProblem;
  /** The checkpoint number the problem is reported at. */
  seq: number;
  message: string;
}

export interface VerifyCheckpointChainOptions {
  publicKeysById: PublicKeys;
  orgId: string;
  lane: number;
  /**
   * The lane's rows start after this count (retention removed the rows and the checkpoints
   * before it): the checkpoint at exactly this count may then open the stored chain.
   */
  startsAfter?: number;
}

/**
 * Verifies one lane's checkpoints as stored (ordered by their stored number): each signed for
 * this org and lane, numbered 1, 2, 3 ... with no hole, each naming the hash of the one before
 * and covering more events than it. So a checkpoint deleted, moved, replaced by another (even a
 * genuine one) or inserted is detected. Checkpoints written before the chain (v1) may only open it;
 * the first chained checkpoint signs the hash of the last of them. What this cannot see is the
 * newest checkpoints deleted at the end: verification catches that by the rows they covered
 * (rows older than the coverage limit without a checkpoint) and witnesses by their copies.
 */
export function verifyCheckpointChain(
  stored: StoredCheckpoint[],
  opts: VerifyCheckpointChainOptions,
): { ok: true; verified: number } | ({ ok: false } & CheckpointChainFailure) {
  const fail = (problem: CheckpointChainProblem, seq: number, message: string) => ({
    ok: false as const,
    problem,
    seq,
    message: `lane ${opts.lane} checkpoint #${seq}: ${message}`,
  });
  let prev: { seq: number; hash: string; p: TCheckpointPayload } | null = null;
  for (const s of stored) {
    const p = s.cp.payload;
    if (!verifyCheckpoint(s.cp, opts.publicKeysById) || p.orgId !== opts.orgId || (p.lane ?? 0) !== opts.lane) {
      return fail(
        "checkpoint_signature",
        s.seq,
        "signature invalid, key unknown, or signed for another org or lane (forged or tampered checkpoint?)",
      );
    }
    const seq = p.v === 2 ? p.seq : s.seq;
    if (seq !== s.seq || p.count !== s.serverSeq) {
      return fail(
        "checkpoint_reordered",
        s.seq,
        `stored as #${s.seq} at event ${s.serverSeq}, but signed as #${seq} at event ${p.count} (moved or renumbered)`,
      );
    }
    if (prev === null) {
      const anchor = opts.startsAfter !== undefined && opts.startsAfter > 0 && p.count === opts.startsAfter;
      if (seq > 1 && !anchor) {
        return fail("checkpoint_deleted", seq, `the lane's checkpoints #1..#${seq - 1} are missing (deleted?)`);
      }
      if (p.v === 2 && seq === 1 && p.prev !== GENESIS_HASH) {
        return fail("checkpoint_deleted", seq, "signed as following an earlier checkpoint that is missing");
      }
    } else {
      if (seq > prev.seq + 1) {
        return fail(
          "checkpoint_deleted",
          seq,
          `follows #${prev.seq}: checkpoint${seq - prev.seq > 2 ? `s #${prev.seq + 1}..#${seq - 1}` : ` #${prev.seq + 1}`} deleted`,
        );
      }
      if (seq <= prev.seq) return fail("checkpoint_reordered", seq, `stored after #${prev.seq}`);
      if (p.v === 1 && prev.p.v === 2) {
        return fail("checkpoint_inserted", seq, "an unchained (v1) checkpoint after the chain started");
      }
      if (p.v === 2 && p.prev !== prev.hash) {
        return fail(
          "checkpoint_replaced",
          seq,
          `does not follow the stored #${prev.seq} (it signed another predecessor: replaced or rewritten)`,
        );
      }
      if (p.count <= prev.p.count) {
        return fail(
          "checkpoint_reordered",
          seq,
          `covers ${p.count} events, not more than #${prev.seq} (${prev.p.count})`,
        );
      }
    }
    prev = { seq, hash: checkpointHash(s.cp), p };
  }
  return { ok: true, verified: stored.length };
}
