import type { ControlException, EvidenceEvent, Period, Population } from "./model";

/** At most this many event ids are kept per exception and per control (the counts stay exact). */
export const MAX_EVENT_LINKS = 50;

export interface MeasureContext {
  period: Period;
  population: Population;
  /** Action names that count as an approval of a policy change (see CC8.1). */
  approvalActions: readonly string[];
}

export interface MeasureOutput {
  population: number;
  populationLabel: string;
  numbers: Record<string, number>;
  exceptions: ControlException[];
  evidenceEventIds: string[];
}

/**
 * A measure reads the period's events one at a time, in any order, and keeps only per-subject
 * state (users, devices, publishes), never the events, so a report over millions of events runs
 * in bounded memory.
 */
export interface Measure {
  add(e: EvidenceEvent): void;
  finish(): MeasureOutput;
}

export type MeasureId =
  | "mfa"
  | "deprovisioning"
  | "roleChanges"
  | "externalData"
  | "auditCoverage"
  | "integrityAlarms"
  | "monitoring"
  | "changeManagement"
  | "auditAccess";

/**
 * Counts events and keeps the ids of the earliest MAX_EVENT_LINKS (by ts, then id), so the links
 * are the same whatever order the events were read in (the console reads by time, the verifier
 * by chain position).
 */
export class EventLinks {
  private kept: { ts: string; id: string }[] = [];
  count = 0;
  push(e: { id: string; ts: string }): void {
    this.count++;
    const k = this.kept;
    if (k.length === MAX_EVENT_LINKS) {
      const last = k[k.length - 1]!;
      if (e.ts > last.ts || (e.ts === last.ts && e.id > last.id)) return;
      k.pop();
    }
    let i = k.length;
    while (i > 0 && (k[i - 1]!.ts > e.ts || (k[i - 1]!.ts === e.ts && k[i - 1]!.id > e.id))) i--;
    k.splice(i, 0, { ts: e.ts, id: e.id });
  }
  get ids(): string[] {
    return this.kept.map((x) => x.id);
  }
}

export const inPeriod = (p: Period, ts: string | null | undefined): boolean =>
  typeof ts === "string" && ts >= p.from && ts < p.to;

/** Whether something that existed from `start` until `end` (null: still) overlapped the period. */
export const livedIn = (p: Period, start: string, end: string | null): boolean =>
  start < p.to && (end === null || end >= p.from);

export const day = (ts: string) => ts.slice(0, 10);

/** A field of an event's before/after/data JSON, if it is a string or number. */
export function field(v: unknown, key: string): string | number | undefined {
  if (!v || typeof v !== "object") return undefined;
  const x = (v as Record<string, unknown>)[key];
  return typeof x === "string" || typeof x === "number" ? x : undefined;
}
