import { canonicalize, sha256Hex } from "@luminous/crypto";
import { type SignedCheckpoint, verifyCheckpoint } from "./checkpoint";
import { GENESIS_HASH } from "./schema";

/** The columns of a stored AuditEvent that the org-wide chain covers. */
export interface StoredEventRef {
  id: string;
  /** null for console admin events. */
  deviceId: string | null;
  /** Device sequence number; null for console admin events. */
  seq: number | null;
  /** Content hash: the agent chain hash, or the server's hash of an admin event. */
  hash: string;
  /** ISO 8601, as stored. */
  receivedAt: string;
}

export interface ServerChainRow extends StoredEventRef {
  prevServerHash: string;
  serverHash: string;
}

export type ServerChainProblem =
  | "hash_mismatch"
  | "row_deleted"
  | "row_inserted"
  | "prev_mismatch"
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
}

/** Link one stored event to the org chain; any change to these columns, or to its predecessor, changes it. */
export function serverLinkHash(prevServerHash: string, storedEvent: StoredEventRef): string {
  const { id, deviceId, seq, hash, receivedAt } = storedEvent;
  return sha256Hex(canonicalize({ prev: prevServerHash, id, deviceId, seq, hash, receivedAt }));
}

type Failure = Extract<ServerChainResult, { ok: false }>;

function checkRow(
  rows: ServerChainRow[],
  index: number,
  prevHash: string,
  byHash: Map<string, number>,
): Failure | null {
  const row = rows[index]!;
  const fail = (problem: ServerChainProblem, expected: string, actual: string, message: string, at = index) => ({
    ok: false as const,
    index: at,
    id: rows[at]?.id ?? null,
    problem,
    expected,
    actual,
    message,
  });
  const recomputed = serverLinkHash(row.prevServerHash, row);
  if (recomputed !== row.serverHash) {
    return fail(
      "hash_mismatch",
      recomputed,
      row.serverHash,
      `row ${row.id}: content does not match its server hash (edited?)`,
    );
  }
  if (row.prevServerHash === prevHash) return null;
  const linkedTo = byHash.get(row.prevServerHash);
  if (linkedTo !== undefined && linkedTo >= index) {
    return fail("prev_mismatch", prevHash, row.prevServerHash, `row ${row.id}: links to a later row (rows reordered?)`);
  }
  // A later row that still links to the last good row means everything in between was slipped in.
  const resumes = rows.findIndex((r, j) => j > index && r.prevServerHash === prevHash);
  if (resumes !== -1) return inserted(index, resumes - index, prevHash);
  if (linkedTo !== undefined && linkedTo < index) {
    return inserted(linkedTo + 1, index - linkedTo - 1, row.prevServerHash);
  }
  return fail("row_deleted", prevHash, row.prevServerHash, `row ${row.id}: the row it links to is missing (deleted?)`);

  // expected: the hash the genuine chain continues from; actual: the first foreign row's hash.
  function inserted(first: number, n: number, continuesFrom: string): Failure {
    return fail(
      "row_inserted",
      continuesFrom,
      rows[first]!.serverHash,
      `row ${rows[first]!.id}: not part of the chain (${n} row${n === 1 ? "" : "s"} inserted)`,
      first,
    );
  }
}

function checkCheckpoints(rows: ServerChainRow[], opts: VerifyServerChainOptions): Failure | null {
  const offset = opts.start?.count ?? 0;
  for (const cp of opts.checkpoints ?? []) {
    const p = cp.payload;
    const index = p.count - offset - 1;
    const base = { ok: false as const, index, id: p.lastEventId };
    if (!verifyCheckpoint(cp, opts.publicKeysById ?? {}) || (opts.orgId !== undefined && p.orgId !== opts.orgId)) {
      return {
        ...base,
        problem: "checkpoint_signature",
        expected: "valid signature",
        actual: p.keyId,
        message: `checkpoint at ${p.at}: signature invalid, key unknown or wrong org (forged or tampered checkpoint?)`,
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
  const byHash = new Map<string, number>();
  rows.forEach((r, i) => {
    if (!byHash.has(r.serverHash)) byHash.set(r.serverHash, i);
  });
  let prevHash = opts.start?.serverHash ?? GENESIS_HASH;
  for (let i = 0; i < rows.length; i++) {
    const failure = checkRow(rows, i, prevHash, byHash);
    if (failure) return failure;
    prevHash = rows[i]!.serverHash;
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
