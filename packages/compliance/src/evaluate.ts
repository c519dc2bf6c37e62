import { CONTROLS, type Control, controlsOf, type TFramework } from "./catalogue";
import type { Measure, MeasureContext, MeasureId } from "./measure";
import { auditAccessMeasure, changeManagementMeasure, DEFAULT_APPROVAL_ACTIONS } from "./measures-change";
import {
  auditCoverageMeasure,
  externalDataMeasure,
  integrityAlarmsMeasure,
  monitoringMeasure,
} from "./measures-devices";
import { deprovisioningMeasure, mfaMeasure, roleChangesMeasure } from "./measures-identity";
import { METHODS } from "./methods";
import type { ControlResult, ControlStatus, EvidenceEvent, Period, Population, Thresholds } from "./model";

const FACTORIES: Record<MeasureId, (ctx: MeasureContext) => Measure> = {
  mfa: mfaMeasure,
  deprovisioning: deprovisioningMeasure,
  roleChanges: roleChangesMeasure,
  externalData: externalDataMeasure,
  auditCoverage: auditCoverageMeasure,
  integrityAlarms: integrityAlarmsMeasure,
  monitoring: monitoringMeasure,
  changeManagement: changeManagementMeasure,
  auditAccess: auditAccessMeasure,
};

export interface EvaluateOptions {
  /** Per-control threshold overrides (control id -> thresholds). */
  thresholds?: Record<string, Partial<Thresholds>>;
  approvalActions?: readonly string[];
}

/** pass: few enough exceptions; attention: a small enough share of the population; else fail. */
export function statusOf(exceptions: number, population: number, t: Thresholds): ControlStatus {
  if (exceptions <= t.passMaxExceptions) return "pass";
  if (population > 0 && exceptions / population <= t.attentionMaxRate) return "attention";
  return "fail";
}

export interface ControlEvaluation extends ControlResult {
  control: Control;
  method: string;
  thresholds: Thresholds;
}

export interface Evaluator {
  /** Feed one event of the period (events outside it are ignored). */
  add(e: EvidenceEvent): void;
  finish(): ControlEvaluation[];
  /** Events read, and of those, inside the period. */
  readonly counts: { read: number; inPeriod: number };
}

/** Normalises an ISO timestamp so events and bounds compare as strings. */
export const isoMs = (s: string) => new Date(s).toISOString();

/**
 * Computes every control of a framework over one period in a single pass over the events. The
 * console streams them out of Postgres; luminous-verify replays the package's NDJSON through the
 * same code, so both get the same numbers.
 */
export function createEvaluator(
  framework: TFramework,
  period: Period,
  population: Population,
  opts: EvaluateOptions = {},
): Evaluator {
  const p = { from: isoMs(period.from), to: isoMs(period.to) };
  const ctx: MeasureContext = {
    period: p,
    population,
    approvalActions: opts.approvalActions ?? DEFAULT_APPROVAL_ACTIONS,
  };
  const controls = controlsOf(framework);
  // One measure instance per distinct measure; controls sharing one share its result.
  const measures = new Map<MeasureId, Measure>();
  for (const c of controls) if (!measures.has(c.measure)) measures.set(c.measure, FACTORIES[c.measure](ctx));
  const list = [...measures.values()];
  const counts = { read: 0, inPeriod: 0 };
  return {
    counts,
    add(e) {
      counts.read++;
      if (!(e.ts >= p.from && e.ts < p.to)) return;
      counts.inPeriod++;
      for (const m of list) m.add(e);
    },
    finish() {
      const outputs = new Map([...measures].map(([id, m]) => [id, m.finish()]));
      return controls.map((control) => {
        const o = outputs.get(control.measure)!;
        const thresholds = { ...control.thresholds, ...opts.thresholds?.[control.id] };
        const exceptions = [...o.exceptions].sort(
          (a, b) => cmp(a.subject.label, b.subject.label) || cmp(a.summary, b.summary),
        );
        return {
          control,
          method: METHODS[control.measure],
          thresholds,
          controlId: control.id,
          status: statusOf(exceptions.length, o.population, thresholds),
          population: o.population,
          populationLabel: o.populationLabel,
          numbers: { ...o.numbers, exceptions: exceptions.length },
          exceptions,
          exceptionCount: exceptions.length,
          evidenceEventIds: o.evidenceEventIds,
        };
      });
    },
  };
}

/** Evaluates a framework over an in-memory list of events (tests, small periods). */
export function evaluateFramework(
  framework: TFramework,
  period: Period,
  population: Population,
  events: Iterable<EvidenceEvent>,
  opts?: EvaluateOptions,
): ControlEvaluation[] {
  const ev = createEvaluator(framework, period, population, opts);
  for (const e of events) ev.add(e);
  return ev.finish();
}

export { CONTROLS };

/** Code-unit order: the same on every machine, unlike localeCompare. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
