/** The report as the API returns it (see ComplianceReport in @luminous/compliance). */
export interface ReportView {
  framework: string;
  frameworkName: string;
  period: { from: string; to: string };
  generatedAt: string;
  generatedBy: string;
  scope: string;
  summary: { pass: number; attention: number; fail: number; events: number };
  controls: ControlView[];
}

export interface ControlView {
  id: string;
  ref: string;
  legacyRefs: string[];
  title: string;
  requirement: string;
  owner: string;
  method: string;
  status: "pass" | "attention" | "fail";
  population: number;
  populationLabel: string;
  numbers: Record<string, number>;
  exceptionCount: number;
  exceptions: {
    summary: string;
    subject: { type: string; id: string; label: string };
    eventIds: string[];
  }[];
  evidenceFilter: Record<string, string>;
}

export const STATUS_BADGE = { pass: "ok", attention: "warn", fail: "bad" } as const;
export const STATUS_LABEL = { pass: "Pass", attention: "Attention", fail: "Fail" } as const;
