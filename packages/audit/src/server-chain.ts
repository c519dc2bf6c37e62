import { canonicalize, sha256Hex } from "@luminous/crypto";
import { type SignedCheckpoint, verifyCheckpoint } from "./checkpoint";
import { GENESIS_HASH } from "./schema";

/** The columns of a stored AuditEvent that the org-wide chain covers. */
export interface StoredEventRef {
  id: string;
  /** null for console admin events. */
  deviceId: string | null;
  /** Device sequence number; null for console admin events. */
  seq: number | bigint | null;
  /** Content hash: the agent chain hash, or the server's hash of an admin event's content. */
  hash: string;
  /** Normalised to ISO 8601 UTC with milliseconds before hashing, so a Date and its string agree. */
  receivedAt: string | Date;
}

export interface ServerChainRow extends StoredEventRef {
  serverHash: string;
  /** Position in the org chain (1, 2, 3, ... with no holes); used to tell a deletion from an edit. */
  serverSeq?: number | bigint;
}

export type ServerChainProblem =
  | "hash_mismatch"
  | "row_deleted"
  | "row_inserted"
  | "out_of_order"
  | "checkpoint_signature"
  | "checkpoint_mismatch"
  | "truncated";

export type ServerChainResult =
  | { ok: true; count: number; last?: { id: string; serverHash: string }; checkpointsVerified: number }
  | {
      ok: false;
      /** Position in `rows`; for checkpoint problems, the row the checkpoint points at (or rows.length). */
      index: number;
      id: string | null;
      problem: ServerChainProblem;
      expected: string;
      actual: string;
      message: string;
    };

export interface VerifyServerChainOptions {
  /** Where a window starts, e.g. a checkpoint kept after retention removed older rows. */
  start?: { serverHash: string; count: number };
  /** Signed checkpoints for this org; each must land exactly on a row of the verified chain. */
  checkpoints?: SignedCheckpoint[];
  publicKeysById?: Record<string, string> | ReadonlyMap<string, string>;
  orgId?: string;
  /** The lane verified: each checkpoint must have been signed for it. */
  lane?: number;
}

/**
 * How many lanes an org's server chain has. Each lane is a linear chain of its own (own serverSeq,
 * head and signed checkpoints); batches of devices in different lanes are stored in parallel.
 * A device always links into the same lane, so its events keep their order within one chain.
 * Changing this would move devices between lanes: it is part of the stored format.
 */
export const AUDIT_LANES = 4;

/** The lane a row links into: console events (no device) use lane 0; a device, a lane fixed by its id. */
export function laneOf(deviceId: string | null | undefined): number {
  if (!deviceId) return 0;
  const n = Number.parseInt(deviceId.replace(/-/g, "").slice(-8), 16);
  return Number.isNaN(n) ? 0 : n % AUDIT_LANES;
}

/** Link one stored event to the org chain; any change to these columns, or to its predecessor, changes it. */
export function serverLinkHash(prevServerHash: string, storedEvent: StoredEventRef): string {
  const { id, deviceId, seq, hash, receivedAt } = storedEvent;
  // canonicalize({ deviceId, hash, id, prev, receivedAt, seq }) written out (keys in sorted
  // order): this runs once per stored event at ingestion, and building and sorting an object for
  // it cost more than the hash. server-chain.test.ts checks the two agree.
  const at =
    typeof receivedAt === "string" && ISO_MS_UTC.test(receivedAt) ? receivedAt : new Date(receivedAt).toISOString();
  return sha256Hex(
    `{"deviceId":${deviceId === null ? "null" : JSON.stringify(deviceId)},"hash":${JSON.stringify(hash)},"id":${JSON.stringify(id)},"prev":${JSON.stringify(prevServerHash)},"receivedAt":"${at}","seq":${seq === null ? "null" : canonicalize(Number(seq))}}`,
  );
}

/** An ISO 8601 UTC timestamp with milliseconds, as Date#toISOString writes it (years 0000-9999). */
const ISO_MS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

type Failure = Extract<ServerChainResult, { ok: false }>;

/** How far back to look for the row an out-of-place row really follows; bounds the work on a broken chain. */
const MAX_LOOKBACK = 1000;

const links = (prevHash: string, row: ServerChainRow) => serverLinkHash(prevHash, row) === row.serverHash;

/** Row `index` does not link to `prevHash`: work out whether it was edited, or rows were deleted, inserted or moved. */
function explainBreak(
  rows: ServerChainRow[],
  index: number,
  prevHash: string,
  prevSeq: number,
  startHash: string,
): Failure {
  const row = rows[index]!;
  const next = rows[index + 1];
  const fail = (problem: ServerChainProblem, expected: string, actual: string, message: string, at = index) => ({
    ok: false as const,
    index: at,
    id: rows[at]?.id ?? null,
    problem,
    expected,
    actual,
    message,
  });
  const inserted = (first: number, n: number) =>
    fail(
      "row_inserted",
      "no row",
      rows[first]!.id,
      `row ${rows[first]!.id}: not part of the chain (${n} row${n === 1 ? "" : "s"} inserted)`,
      first,
    );

  if (next && links(next.serverHash, row)) {
    return fail(
      "out_of_order",
      prevHash,
      next.serverHash,
      `row ${row.id}: stored before the row it follows (rows reordered?)`,
    );
  }
  if (next && links(prevHash, next)) return inserted(index, 1);
  for (let j = index - 2; j >= Math.max(-1, index - MAX_LOOKBACK); j--) {
    if (links(j === -1 ? startHash : rows[j]!.serverHash, row)) return inserted(j + 1, index - j - 1);
  }
  const expectedSeq = prevSeq + 1;
  const seq = row.serverSeq === undefined ? undefined : Number(row.serverSeq);
  if (seq !== undefined && seq > expectedSeq) {
    const n = seq - expectedSeq;
    return fail(
      "row_deleted",
      String(expectedSeq),
      String(seq),
      `row ${row.id}: server seq ${seq} follows ${prevSeq} (${n} row${n === 1 ? "" : "s"} deleted)`,
    );
  }
  const cause = seq === undefined ? "edited, or the row before it deleted?" : "edited?";
  return fail(
    "hash_mismatch",
    serverLinkHash(prevHash, row),
    row.serverHash,
    `row ${row.id}: content does not match its server hash (${cause})`,
  );
}

function checkCheckpoints(rows: ServerChainRow[], opts: VerifyServerChainOptions): Failure | null {
  const offset = opts.start?.count ?? 0;
  for (const cp of opts.checkpoints ?? []) {
    const p = cp.payload;
    const index = p.count - offset - 1;
    const base = { ok: false as const, index, id: p.lastEventId };
    if (
      !verifyCheckpoint(cp, opts.publicKeysById ?? {}) ||
      (opts.orgId !== undefined && p.orgId !== opts.orgId) ||
      (opts.lane !== undefined && (p.lane ?? 0) !== opts.lane)
    ) {
      return {
        ...base,
        problem: "checkpoint_signature",
        expected: "valid signature",
        actual: p.keyId,
        message: `checkpoint at ${p.at}: signature invalid, key unknown, or signed for another org or lane (forged or tampered checkpoint?)`,
      };
    }
    if (index < 0) continue; // covered by the window's starting point
    const row = rows[index];
    if (!row) {
      const missing = p.count - offset - rows.length;
      return {
        ...base,
        index: rows.length,
        problem: "truncated",
        expected: String(p.count),
        actual: String(rows.length + offset),
        message: `checkpoint at ${p.at} covers ${p.count} events but only ${rows.length + offset} are stored (${missing} deleted at the end?)`,
      };
    }
    if (row.id !== p.lastEventId || row.serverHash !== p.lastServerHash) {
      return {
        ...base,
        problem: "checkpoint_mismatch",
        expected: `${p.lastEventId} ${p.lastServerHash}`,
        actual: `${row.id} ${row.serverHash}`,
        message: `checkpoint at ${p.at}: event #${p.count} is not what was signed (chain rewritten?)`,
      };
    }
  }
  return null;
}

/** Verifies the org-wide chain over rows in storage order, then every checkpoint against it. */
export function verifyServerChain(rows: ServerChainRow[], opts: VerifyServerChainOptions = {}): ServerChainResult {
  const startHash = opts.start?.serverHash ?? GENESIS_HASH;
  let prevHash = startHash;
  let prevSeq = opts.start?.count ?? 0;
  for (const [i, row] of rows.entries()) {
    if (!links(prevHash, row)) return explainBreak(rows, i, prevHash, prevSeq, startHash);
    prevHash = row.serverHash;
    prevSeq = row.serverSeq === undefined ? prevSeq + 1 : Number(row.serverSeq);
  }
  const cpFailure = checkCheckpoints(rows, opts);
  if (cpFailure) return cpFailure;
  const last = rows.at(-1);
  return {
    ok: true,
    count: rows.length,
    checkpointsVerified: opts.checkpoints?.length ?? 0,
    ...(last ? { last: { id: last.id, serverHash: last.serverHash } } : {}),
  };
}
