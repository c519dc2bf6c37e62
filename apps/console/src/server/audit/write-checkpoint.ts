import {
  checkpointHash,
  coverageLimitSeconds,
  makeCheckpoint,
  type StoredCheckpoint,
  verifyCheckpointChain,
} from "@luminous/audit";
import { db } from "../db";
import { env } from "../env";
import { log } from "../log";
import { activeSigningKey } from "../signing-keys/active-signing-key";
import { ensureSigningKey } from "../signing-keys/ensure-signing-key";
import { laneCheckpoints, orgPublicKeys } from "./lane-checkpoints";
import { raiseIntegrityAlarm } from "./raise-integrity-alarm";
import { type VerifyProblem, verifyLaneSince } from "./verify-audit-trail";

export interface CheckpointRun {
  written: boolean;
  lanes: { lane: number; serverSeq: number; seq: number }[];
  /** Lanes the worker refused to sign, and why. */
  refused: { lane: number; problems: VerifyProblem[] }[];
}

/**
 * The last checkpoint this process signed per org and lane: a witness the database cannot edit.
 * Deleting the newest checkpoints (those covering rewritten rows) leaves an older one that the
 * rows still link to; the worker sees the one it signed is gone and refuses to sign over it.
 */
const signedHere = new Map<string, { seq: number; hash: string }>();

/**
 * What must hold before the worker signs the next checkpoint of a lane: the lane's checkpoint
 * chain is intact, the row its last checkpoint signed is still that row, every row after it links
 * and matches its hash, and a lane with events older than the coverage limit has a checkpoint
 * (none left means they were deleted). Otherwise signing would vouch for a forged lane.
 */
async function problemsBeforeSigning(
  orgId: string,
  lane: number,
  stored: StoredCheckpoint[],
  publicKeysById: Record<string, string>,
  now: Date,
  opts: { intervalSeconds: number; signUncovered: boolean },
): Promise<VerifyProblem[]> {
  const fail = (problem: string, message: string, serverSeq: number | null = null): VerifyProblem[] => [
    { problem, eventId: null, lane, serverSeq, message: `lane ${lane}: ${message}` },
  ];
  const [first] = await db().$queryRaw<{ serverSeq: bigint; receivedAt: Date }[]>`
    SELECT "serverSeq", "receivedAt" FROM "AuditEvent" WHERE "orgId" = ${orgId}::uuid AND "lane" = ${lane}
    ORDER BY "serverSeq" LIMIT 1`;
  const startsAfter = first ? Number(first.serverSeq) - 1 : 0;
  const chain = verifyCheckpointChain(stored, { publicKeysById, orgId, lane, startsAfter });
  if (!chain.ok) return [{ problem: chain.problem, eventId: null, lane, serverSeq: null, message: chain.message }];
  const last = stored.at(-1);
  const mine = signedHere.get(`${orgId}:${lane}`);
  if (mine) {
    const same = stored.find((s) => s.seq === mine.seq);
    if (!same && (last?.seq ?? 0) < mine.seq) {
      return fail("checkpoint_deleted", `checkpoint #${mine.seq}, which this worker signed, is missing (deleted)`);
    }
    if (same && checkpointHash(same.cp) !== mine.hash) {
      return fail("checkpoint_replaced", `checkpoint #${mine.seq} is not the one this worker signed (replaced)`);
    }
  }
  if (!last) {
    const limit = coverageLimitSeconds(opts.intervalSeconds);
    if (first && !opts.signUncovered && now.getTime() - first.receivedAt.getTime() > limit * 1000) {
      return fail(
        "not_checkpointed",
        `events received since ${first.receivedAt.toISOString()} (more than ${limit} s ago) and no checkpoint: the lane's checkpoints were deleted?`,
        Number(first.serverSeq),
      );
    }
    return verifyLaneSince(db(), orgId, lane, undefined);
  }
  const p = last.cp.payload;
  const [row] = await db().$queryRaw<{ id: string; serverHash: string }[]>`
    SELECT "id", "serverHash" FROM "AuditEvent"
    WHERE "orgId" = ${orgId}::uuid AND "lane" = ${lane} AND "serverSeq" = ${p.count}`;
  if (row && (row.id !== p.lastEventId || row.serverHash !== p.lastServerHash)) {
    return fail(
      "checkpoint_mismatch",
      `event #${p.count} is not what checkpoint #${last.seq} signed (rewritten)`,
      p.count,
    );
  }
  if (!row && first && Number(first.serverSeq) <= p.count) {
    return fail("row_deleted", `event #${p.count}, signed by checkpoint #${last.seq}, is missing (deleted)`, p.count);
  }
  return verifyLaneSince(db(), orgId, lane, { serverHash: p.lastServerHash, count: p.count });
}

/**
 * Signs the head of each lane of the org chain with the org key (like a CloudTrail digest file)
 * when it moved since that lane's last checkpoint, chained to that checkpoint. It first verifies
 * the lane from its last checkpoint and refuses to sign a lane that does not verify, raising an
 * integrity alarm instead (audit event, integrity badge).
 */
export async function writeCheckpoint(
  orgId: string,
  now = new Date(),
  opts: { signUncovered?: boolean } = {},
): Promise<CheckpointRun> {
  const heads = await db().auditChainHead.findMany({
    where: { orgId, serverSeq: { gt: 0 } },
    orderBy: { lane: "asc" },
  });
  const run: CheckpointRun = { written: false, lanes: [], refused: [] };
  let key: Awaited<ReturnType<typeof activeSigningKey>> = null;
  let publicKeysById: Record<string, string> | null = null;
  for (const head of heads) {
    const { lane } = head;
    const stored = (await laneCheckpoints(db(), orgId, lane)).get(lane) ?? [];
    const last = stored.at(-1);
    if (last && last.serverSeq >= head.serverSeq) continue;
    publicKeysById ??= await orgPublicKeys(db(), orgId);
    const problems = await problemsBeforeSigning(orgId, lane, stored, publicKeysById, now, {
      intervalSeconds: env().AUDIT_CHECKPOINT_SECONDS,
      signUncovered: opts.signUncovered ?? false,
    });
    if (problems.length) {
      run.refused.push({ lane, problems });
      log("error", "audit checkpoint refused: the lane does not verify", {
        orgId,
        lane,
        problem: problems[0]!.message,
      });
      await raiseIntegrityAlarm(orgId, "integrity_checkpoint_refused", problems[0]!, now);
      continue;
    }
    const [row] = await db().$queryRaw<{ id: string; serverHash: string }[]>`
      SELECT "id", "serverHash" FROM "AuditEvent"
      WHERE "orgId" = ${orgId}::uuid AND "lane" = ${lane} AND "serverSeq" = ${head.serverSeq}`;
    if (!row) throw new Error(`audit chain lane ${lane} head ${head.serverSeq} of org ${orgId} has no row (deleted?)`);
    if (!key) {
      await db().$transaction((tx) => ensureSigningKey(tx, orgId));
      key = await activeSigningKey(orgId);
      if (!key) throw new Error(`org ${orgId} has no active signing key`);
    }
    const cp = makeCheckpoint(
      {
        orgId,
        lane,
        lastEventId: row.id,
        lastServerHash: row.serverHash,
        count: Number(head.serverSeq),
        at: now.toISOString(),
        previous: last?.cp ?? null,
        previousSeq: last?.seq,
      },
      key,
    );
    const seq = (last?.seq ?? 0) + 1;
    // Unique (orgId, lane, seq): a second worker signing the same lane at once fails here instead of forking it.
    await db().chainCheckpoint.create({
      data: {
        orgId,
        lane,
        seq,
        serverSeq: head.serverSeq,
        serverHash: row.serverHash,
        count: head.serverSeq,
        keyId: key.keyId,
        payload: cp.payload,
        signature: cp.signature,
      },
    });
    signedHere.set(`${orgId}:${lane}`, { seq, hash: checkpointHash(cp) });
    run.lanes.push({ lane, serverSeq: Number(head.serverSeq), seq });
  }
  run.written = run.lanes.length > 0;
  return run;
}
