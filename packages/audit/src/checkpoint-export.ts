import { z } from "zod";
import { checkpointHash, type SignedCheckpoint, ZSignedCheckpoint } from "./checkpoint";

/**
 * The JSON format for signed checkpoints kept outside the database: exported by an agent
 * (`luminous-agent witnesses export`), sent to a SIEM or object storage, put in an evidence
 * package, and read by `npm run audit:verify -- --witness FILE`. Documented in the package README.
 */
export const CHECKPOINT_EXPORT_FORMAT = "luminous-checkpoints/v1";

export const ZCheckpointExport = z.strictObject({
  format: z.literal(CHECKPOINT_EXPORT_FORMAT),
  orgId: z.string().min(1).max(128),
  exportedAt: z.iso.datetime({ offset: true }),
  /** Who kept them, e.g. "agent <device id> (<hostname>)", "siem", "console". */
  source: z.string().max(512),
  /**
   * Public keys (key id -> key) the source trusted, e.g. the agent's pinned org key: verifying
   * against these, not the database's, keeps a key planted in the database from passing.
   */
  keys: z.record(z.string().max(128), z.string().max(4096)).optional(),
  checkpoints: z.array(ZSignedCheckpoint).max(100_000),
});
export type TCheckpointExport = z.infer<typeof ZCheckpointExport>;

/** Builds an export of checkpoints, oldest first per lane. */
export function exportCheckpoints(input: {
  orgId: string;
  source: string;
  checkpoints: SignedCheckpoint[];
  keys?: Record<string, string>;
  now?: Date;
}): TCheckpointExport {
  const checkpoints = [...input.checkpoints].sort(
    (a, b) => (a.payload.lane ?? 0) - (b.payload.lane ?? 0) || a.payload.count - b.payload.count,
  );
  return ZCheckpointExport.parse({
    format: CHECKPOINT_EXPORT_FORMAT,
    orgId: input.orgId,
    exportedAt: (input.now ?? new Date()).toISOString(),
    source: input.source,
    ...(input.keys ? { keys: input.keys } : {}),
    checkpoints,
  });
}

/** Parses an export (text or value); the error names the failing field. */
export function parseCheckpointExport(
  input: string | unknown,
): { ok: true; value: TCheckpointExport } | { ok: false; message: string } {
  let value: unknown = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch {
      return { ok: false, message: "not JSON" };
    }
  }
  const r = ZCheckpointExport.safeParse(value);
  if (!r.success) {
    const i = r.error.issues[0];
    return { ok: false, message: `${i?.path.join(".") || "(root)"}: ${i?.message}` };
  }
  return { ok: true, value: r.data };
}

/** A short identity for comparing a witnessed checkpoint with a stored one. */
export function checkpointRef(cp: SignedCheckpoint): { lane: number; seq: number | null; hash: string } {
  return {
    lane: cp.payload.lane ?? 0,
    seq: cp.payload.v === 2 ? cp.payload.seq : null,
    hash: checkpointHash(cp),
  };
}
