import { GENESIS_HASH } from "@luminous/audit";
import { canonicalize, sha256Hex } from "@luminous/crypto";
import type { ControlStatus } from "./model";

/** One control's state on one UTC day, as the history stores it. */
export interface Snapshot {
  orgId: string;
  seq: number;
  day: string;
  controlId: string;
  status: ControlStatus | string;
  population: number;
  exceptionCount: number;
  numbers: Record<string, number>;
}

export interface ChainedSnapshot extends Snapshot {
  prevHash: string;
  hash: string;
}

/** hash = sha256(canonical JSON of the snapshot with the previous hash): any edit breaks its link. */
export function snapshotHash(prevHash: string, s: Snapshot): string {
  const { orgId, seq, day, controlId, status, population, exceptionCount, numbers } = s;
  return sha256Hex(canonicalize({ prevHash, orgId, seq, day, controlId, status, population, exceptionCount, numbers }));
}

export function chainSnapshots(prevHash: string | null, snaps: Snapshot[]): ChainedSnapshot[] {
  let prev = prevHash ?? GENESIS_HASH;
  return snaps.map((s) => {
    const hash = snapshotHash(prev, s);
    const out = { ...s, prevHash: prev, hash };
    prev = hash;
    return out;
  });
}

/** The first break in a history read in seq order from its start, or null when every link holds. */
export function verifySnapshotChain(snaps: ChainedSnapshot[]): { seq: number; message: string } | null {
  let prev = GENESIS_HASH;
  let expected = 1;
  for (const s of snaps) {
    if (s.seq !== expected)
      return { seq: s.seq, message: `snapshot #${s.seq} follows #${expected - 1} (${s.seq - expected} removed)` };
    if (s.prevHash !== prev)
      return { seq: s.seq, message: `snapshot #${s.seq} does not link to the one before it (inserted or rewritten)` };
    if (snapshotHash(prev, s) !== s.hash)
      return { seq: s.seq, message: `snapshot #${s.seq} (${s.day} ${s.controlId}) was edited` };
    prev = s.hash;
    expected++;
  }
  return null;
}
