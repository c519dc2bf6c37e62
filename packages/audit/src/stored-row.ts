import type { TChainedEvent } from "./schema";

/** The columns of a stored console (admin) event that its content hash covers. */
export interface StoredAdminRow {
  ts: Date | string;
  category: string;
  type: string;
  action?: string | null;
  outcome: string;
  actorType: string;
  actorId?: string | null;
  actorLabel?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  targetLabel?: string | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
  userAgent?: string | null;
  sessionId?: string | null;
  deviceId?: string | null;
  data?: unknown;
}

/**
 * What the content hash of a console event covers: the stored hash is
 * sha256Hex(canonicalize(adminEventContent(row))). The console computes it when it appends the
 * row; `verify` and `luminous-verify` recompute it, so an edited column is detected.
 */
export function adminEventContent(row: StoredAdminRow): Record<string, unknown> {
  return {
    ts: new Date(row.ts).toISOString(),
    category: row.category,
    type: row.type,
    action: row.action ?? null,
    outcome: row.outcome,
    actorType: row.actorType,
    actorId: row.actorId ?? null,
    actorLabel: row.actorLabel ?? null,
    targetType: row.targetType ?? null,
    targetId: row.targetId ?? null,
    targetLabel: row.targetLabel ?? null,
    before: row.before ?? null,
    after: row.after ?? null,
    ip: row.ip ?? null,
    userAgent: row.userAgent ?? null,
    sessionId: row.sessionId ?? null,
    deviceId: row.deviceId ?? null,
    data: row.data ?? null,
  };
}

/** The columns of a stored agent event from which the event the device signed is rebuilt. */
export interface StoredAgentEventRow {
  type: string;
  seq: bigint | number | string | null;
  command: string | null;
  data: unknown;
  prevHash: string | null;
  hash: string | null;
}

/**
 * Rebuilds the event the agent signed into its chain from a stored row (null if `data.event` is
 * gone): everything but `type` and `command` is kept in `data.event` at ingestion.
 */
export function eventFromStoredRow(r: StoredAgentEventRow): TChainedEvent | null {
  const ev = (r.data as { event?: Record<string, unknown> } | null)?.event;
  if (!ev || typeof ev !== "object" || r.seq === null || !r.prevHash || !r.hash) return null;
  return {
    ...(ev as Omit<TChainedEvent, "type" | "seq" | "prevHash" | "hash">),
    type: r.type as TChainedEvent["type"],
    ...(r.command !== null ? { command: r.command } : {}),
    seq: Number(r.seq),
    prevHash: r.prevHash,
    hash: r.hash,
  };
}
