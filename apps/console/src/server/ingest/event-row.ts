import { eventFromStoredRow, type TChainedEvent } from "@luminous/audit";
import { uuidv7 } from "@luminous/crypto";
import type { AuditRow } from "../audit/append-events";

/**
 * How one agent event is stored. The searchable parts go to columns; everything needed to
 * recompute the device-chain hash (the original `ts` string included, with its offset) goes to
 * `data.event`, except `command` and `type`, which are only in their columns. `verify` rebuilds
 * the event from the row (eventFromRow), recomputes its hash and re-derives the columns, so an
 * edit to any of them is detected.
 */
export interface DeviceRef {
  id: string;
  hostname: string;
}

export function outcomeOf(e: Pick<TChainedEvent, "type" | "decision" | "execution">): string {
  if (e.decision) return e.decision.decision;
  if (e.execution) return e.execution.success ? "success" : "failure";
  if (e.type === "errors_encountered" || e.type === "rollback_performed") return "failure";
  return "success";
}

/** An agent event's row, with its new id and its `ts` already as the ISO string that is stored. */
export type AgentEventRow = AuditRow & { id: string; ts: string };

export function agentEventRow(device: DeviceRef, e: TChainedEvent, requestId: string | null): AgentEventRow {
  const { seq, prevHash, hash, command, type, ...rest } = e;
  return {
    id: uuidv7(),
    ts: new Date(e.ts).toISOString(),
    category: "agent",
    type,
    action: e.intent?.action ?? null,
    outcome: outcomeOf(e),
    actorType: "device",
    actorId: device.id,
    actorLabel: device.hostname,
    ip: e.ip ?? null,
    sessionId: e.sessionId ?? null,
    requestId,
    deviceId: device.id,
    seq: BigInt(seq),
    subject: e.user ?? null,
    command: command ?? null,
    packages: e.intent?.packages ?? [],
    services: e.intent?.services ?? [],
    data: { event: rest },
    prevHash,
    hash,
  };
}

/** The columns `agentEventRow` derives from an event, compared by `verify` against the stored row. */
export function derivedColumns(e: TChainedEvent) {
  return {
    ts: new Date(e.ts).toISOString(),
    type: e.type,
    action: e.intent?.action ?? null,
    outcome: outcomeOf(e),
    ip: e.ip ?? null,
    sessionId: e.sessionId ?? null,
    seq: e.seq,
    subject: e.user ?? null,
    command: e.command ?? null,
    packages: e.intent?.packages ?? [],
    services: e.intent?.services ?? [],
    prevHash: e.prevHash,
  };
}

export interface StoredAgentRow {
  ts: Date;
  type: string;
  action: string | null;
  outcome: string;
  ip: string | null;
  sessionId: string | null;
  seq: bigint | number | null;
  subject: string | null;
  command: string | null;
  packages: string[];
  services: string[];
  data: unknown;
  prevHash: string | null;
  hash: string | null;
}

/** Rebuilds the event the agent signed into its chain from a stored row (null if `data.event` is gone). */
export function eventFromRow(r: StoredAgentRow): TChainedEvent | null {
  return eventFromStoredRow(r);
}

/** Names of the columns that no longer match the event they were derived from. */
export function columnsEdited(r: StoredAgentRow, e: TChainedEvent): string[] {
  const want = derivedColumns(e);
  const have = {
    ts: r.ts.toISOString(),
    type: r.type,
    action: r.action,
    outcome: r.outcome,
    ip: r.ip,
    sessionId: r.sessionId,
    seq: r.seq === null ? null : Number(r.seq),
    subject: r.subject,
    command: r.command,
    packages: r.packages,
    services: r.services,
    prevHash: r.prevHash,
  };
  return (Object.keys(want) as (keyof typeof want)[]).filter(
    (k) => JSON.stringify(want[k]) !== JSON.stringify(have[k]),
  );
}
