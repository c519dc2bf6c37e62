import type { SiemEvent, SiemMeta } from "@luminous/audit";
import { siemSeverity } from "@luminous/audit";
import { env } from "../env";
import type { TSiemFilter } from "./schemas";

/** The columns of an AuditEvent row that forwarding reads. */
export interface TrailRow {
  id: string;
  ts: Date;
  receivedAt: Date;
  category: string;
  type: string;
  action: string | null;
  outcome: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  sessionId: string | null;
  deviceId: string | null;
  seq: bigint | string | null;
  subject: string | null;
  command: string | null;
  data: unknown;
  prevHash: string | null;
  hash: string | null;
  lane: number;
  serverSeq: bigint | string;
}

const TRAIL_COLUMN_NAMES = [
  "id",
  "ts",
  "receivedAt",
  "category",
  "type",
  "action",
  "outcome",
  "actorType",
  "actorId",
  "actorLabel",
  "targetType",
  "targetId",
  "targetLabel",
  "before",
  "after",
  "ip",
  "sessionId",
  "deviceId",
  "seq",
  "subject",
  "command",
  "data",
  "prevHash",
  "hash",
  "serverSeq",
];

/** The select list of a TrailRow from the AuditEvent alias `e`. */
export const TRAIL_SELECT = `${TRAIL_COLUMN_NAMES.map((c) => `e."${c}"`).join(", ")}, e."lane"::int AS "lane"`;

/** A forwardable event and the meta its encoders need (the workstation's name for agent events). */
export interface Forwardable {
  event: SiemEvent;
  meta: SiemMeta;
  /** For the cursor: the lane and position this record stands at. */
  lane: number;
  position: bigint;
}

const PRODUCT_VERSION = "0.1.0";

export function siemMeta(deviceName?: string): SiemMeta {
  return {
    vendor: "Luminous",
    product: "Luminous Console",
    version: PRODUCT_VERSION,
    hostname: new URL(env().PUBLIC_URL).hostname,
    ...(deviceName ? { deviceName } : {}),
  };
}

const drop = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;

/**
 * A stored row as it is forwarded. An agent event is the event the workstation signed (rebuilt
 * from data.event and its columns) plus the server's id, category and outcome; a console or
 * integrity event carries its actor as `user`, its target, and the rest (action, before/after,
 * data) in `details`.
 */
export function eventFromRow(r: TrailRow): Forwardable {
  const base = { id: r.id, category: r.category, outcome: r.outcome, type: r.type, hash: r.hash ?? undefined };
  const signed = (r.data as { event?: Record<string, unknown> } | null)?.event;
  let event: SiemEvent;
  if (r.category === "agent" && signed) {
    event = drop({
      ...(signed as Omit<SiemEvent, "type">),
      ...base,
      command: r.command ?? undefined,
      seq: r.seq === null ? undefined : Number(r.seq),
      prevHash: r.prevHash ?? undefined,
    });
  } else {
    const target = r.targetType ? `${r.targetType} ${r.targetLabel ?? r.targetId ?? ""}`.trim() : undefined;
    event = drop({
      ...base,
      ts: r.ts.toISOString(),
      user: r.actorLabel ?? r.actorId ?? undefined,
      ip: r.ip ?? undefined,
      sessionId: r.sessionId ?? undefined,
      command: r.command ?? undefined,
      target,
      details: drop({
        action: r.action,
        actorType: r.actorType,
        actorId: r.actorId,
        targetType: r.targetType,
        targetId: r.targetId,
        before: r.before,
        after: r.after,
        data: r.data,
      }) as unknown as Record<string, never>,
    });
  }
  const deviceName = r.deviceId && r.actorType === "device" ? (r.actorLabel ?? undefined) : undefined;
  return { event, meta: siemMeta(deviceName), lane: r.lane, position: BigInt(r.serverSeq) };
}

/** A signed chain checkpoint as a forwarded record (the witnessed copy outside the database). */
export interface CheckpointRow {
  id: string;
  lane: number;
  seq: number;
  serverSeq: bigint | string;
  serverHash: string;
  count: bigint | string;
  keyId: string;
  payload: unknown;
  signature: string;
  createdAt: Date;
}

export function eventFromCheckpoint(c: CheckpointRow): Forwardable {
  return {
    event: {
      id: c.id,
      ts: c.createdAt.toISOString(),
      type: "audit_checkpoint",
      category: "integrity",
      outcome: "success",
      hash: c.serverHash,
      seq: Number(c.serverSeq),
      details: {
        lane: c.lane,
        checkpointSeq: c.seq,
        serverSeq: String(c.serverSeq),
        serverHash: c.serverHash,
        count: String(c.count),
        keyId: c.keyId,
        payload: c.payload as never,
        signature: c.signature,
      },
    },
    meta: siemMeta(),
    lane: c.lane,
    position: BigInt(c.seq),
  };
}

/** Whether a destination's filter lets the event through (an empty list lets everything through). */
export function passesFilter(f: TSiemFilter, e: SiemEvent): boolean {
  if (f.categories.length && !f.categories.includes((e.category ?? "") as never)) return false;
  if (f.outcomes.length && !f.outcomes.includes((e.outcome ?? "") as never)) return false;
  if (f.types.length && !f.types.some((t) => (t.endsWith("*") ? e.type.startsWith(t.slice(0, -1)) : e.type === t)))
    return false;
  return siemSeverity(e) >= f.minSeverity;
}
