import {
  checkpointHash,
  exportCheckpoints,
  type SignedCheckpoint,
  type TCheckpointExport,
  verifyCheckpoint,
  ZSignedCheckpoint,
} from "@luminous/audit";
import { z } from "zod";
import { type StateFiles, type TConfig, ZTrust } from "./files";
import { readJson, writeJsonAtomic } from "./state";

/**
 * The audit checkpoints this agent witnessed: copies of the org's signed checkpoints, kept where
 * whoever owns the console's database cannot reach them (as in Certificate Transparency gossip).
 * Each is verified against the org keys the agent trusts (pinned at enrollment, or announced in a
 * bundle signed by a trusted key) before it is kept; the newest of each lane is reported back
 * with every heartbeat, and `luminous-agent witnesses --out FILE` exports them all.
 */
const PER_LANE = 32;
const MAX_CONFLICTS = 16;

const ZWitnesses = z.object({
  checkpoints: z.array(ZSignedCheckpoint).max(PER_LANE * 8),
  /** Checkpoints served that contradict one already kept (same number, other content; or not its successor). */
  conflicts: z
    .array(z.object({ at: z.string(), reason: z.string(), checkpoint: ZSignedCheckpoint }))
    .max(MAX_CONFLICTS)
    .default([]),
});
type TWitnesses = z.infer<typeof ZWitnesses>;

const seqOf = (cp: SignedCheckpoint) => (cp.payload.v === 2 ? cp.payload.seq : 0);
const laneOf = (cp: SignedCheckpoint) => cp.payload.lane ?? 0;

export function readWitnesses(f: StateFiles): TWitnesses {
  return readJson(f.witnesses, ZWitnesses) ?? { checkpoints: [], conflicts: [] };
}

/** Decodes the policy answer's x-luminous-checkpoints header; null when absent or malformed. */
export function decodeCheckpointsHeader(value: string | string[] | undefined): unknown[] | null {
  if (typeof value !== "string" || value.length > 64 * 1024) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    return Array.isArray(v) ? v.slice(0, 16) : null;
  } catch {
    return null;
  }
}

export interface WitnessResult {
  kept: number;
  refused: number;
  conflicts: string[];
}

/**
 * Keeps the served checkpoints that verify: signed by a trusted key, for this org, chained (v2).
 * One that contradicts what is kept is not kept: it is recorded as a conflict, and the one kept
 * (reported with the next heartbeat) is what shows the console's database was rewritten.
 */
export function witnessCheckpoints(f: StateFiles, config: TConfig, served: unknown[], now = new Date()): WitnessResult {
  const trust = readJson(f.trust, ZTrust);
  const store = readWitnesses(f);
  const result: WitnessResult = { kept: 0, refused: 0, conflicts: [] };
  let changed = false;
  for (const raw of served) {
    const parsed = ZSignedCheckpoint.safeParse(raw);
    if (!parsed.success) {
      result.refused += 1;
      continue;
    }
    const cp = parsed.data as SignedCheckpoint;
    const p = cp.payload;
    if (p.v !== 2 || p.orgId !== config.orgId || !verifyCheckpoint(cp, trust?.keys ?? {})) {
      result.refused += 1;
      continue;
    }
    const lane = laneOf(cp);
    const seq = seqOf(cp);
    const hash = checkpointHash(cp);
    const kept = store.checkpoints.filter((c) => laneOf(c) === lane);
    const same = kept.find((c) => seqOf(c) === seq);
    if (same && checkpointHash(same) === hash) continue;
    const before = kept.find((c) => seqOf(c) === seq - 1);
    const reason = same
      ? `lane ${lane} checkpoint #${seq} differs from the one witnessed before`
      : before && p.prev !== checkpointHash(before)
        ? `lane ${lane} checkpoint #${seq} does not follow the witnessed #${seq - 1}`
        : null;
    if (reason) {
      result.conflicts.push(reason);
      store.conflicts = [...store.conflicts, { at: now.toISOString(), reason, checkpoint: cp }].slice(-MAX_CONFLICTS);
      changed = true;
      continue;
    }
    const laneKept = [...kept, cp].sort((a, b) => seqOf(a) - seqOf(b)).slice(-PER_LANE);
    store.checkpoints = [...store.checkpoints.filter((c) => laneOf(c) !== lane), ...laneKept];
    result.kept += 1;
    changed = true;
  }
  if (changed) writeJsonAtomic(f.witnesses, store);
  return result;
}

/** The newest witnessed checkpoint of each lane: what the heartbeat reports. */
export function latestWitnessed(f: StateFiles): SignedCheckpoint[] {
  const newest = new Map<number, SignedCheckpoint>();
  for (const cp of readWitnesses(f).checkpoints) {
    const have = newest.get(laneOf(cp));
    if (!have || seqOf(cp) > seqOf(have)) newest.set(laneOf(cp), cp);
  }
  return [...newest.values()];
}

/** Every witnessed checkpoint in the documented export format, with the keys that verified them. */
export function exportWitnessed(f: StateFiles, config: TConfig, hostname: string): TCheckpointExport {
  const trust = readJson(f.trust, ZTrust);
  return exportCheckpoints({
    orgId: config.orgId,
    source: `agent ${config.deviceId} (${hostname})`,
    checkpoints: readWitnesses(f).checkpoints,
    keys: trust?.keys ?? {},
  });
}
