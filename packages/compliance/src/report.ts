import { EVIDENCE_FILTERS, FRAMEWORK_NAMES, type TFramework } from "./catalogue";
import type { ControlEvaluation } from "./evaluate";
import type { ControlException, ControlStatus, Period, Thresholds } from "./model";

export interface ReportControl {
  id: string;
  ref: string;
  legacyRefs: string[];
  title: string;
  requirement: string;
  owner: string;
  method: string;
  thresholds: Thresholds;
  status: ControlStatus;
  population: number;
  populationLabel: string;
  numbers: Record<string, number>;
  exceptionCount: number;
  exceptions: ControlException[];
  evidenceEventIds: string[];
  /** Audit browser filter (besides the period) that lists this control's evidence. */
  evidenceFilter: Record<string, string>;
}

/** The report every renderer (PDF, CSV, JSON) and the verifier work from. */
export interface ComplianceReport {
  v: 1;
  framework: TFramework;
  frameworkName: string;
  org: { id: string; name: string };
  period: Period;
  generatedAt: string;
  generatedBy: string;
  /** What the report covers, in words (the org, its devices and users). */
  scope: string;
  summary: { pass: number; attention: number; fail: number; events: number };
  controls: ReportControl[];
}

export function buildReport(input: {
  framework: TFramework;
  org: { id: string; name: string };
  period: Period;
  generatedAt: string;
  generatedBy: string;
  scope: string;
  events: number;
  evaluations: ControlEvaluation[];
}): ComplianceReport {
  const controls = input.evaluations.map((e) => ({
    id: e.controlId,
    ref: e.control.ref,
    legacyRefs: e.control.legacyRefs,
    title: e.control.title,
    requirement: e.control.requirement,
    owner: e.control.owner,
    method: e.method,
    thresholds: e.thresholds,
    status: e.status,
    population: e.population,
    populationLabel: e.populationLabel,
    numbers: e.numbers,
    exceptionCount: e.exceptionCount,
    exceptions: e.exceptions,
    evidenceEventIds: e.evidenceEventIds,
    evidenceFilter: EVIDENCE_FILTERS[e.control.measure],
  }));
  const count = (s: ControlStatus) => controls.filter((c) => c.status === s).length;
  return {
    v: 1,
    framework: input.framework,
    frameworkName: FRAMEWORK_NAMES[input.framework],
    org: input.org,
    period: input.period,
    generatedAt: input.generatedAt,
    generatedBy: input.generatedBy,
    scope: input.scope,
    summary: { pass: count("pass"), attention: count("attention"), fail: count("fail"), events: input.events },
    controls,
  };
}

/** The worst status of a set of controls (a framework's overall status). */
export function overallStatus(statuses: ControlStatus[]): ControlStatus {
  if (statuses.includes("fail")) return "fail";
  if (statuses.includes("attention")) return "attention";
  return "pass";
}
