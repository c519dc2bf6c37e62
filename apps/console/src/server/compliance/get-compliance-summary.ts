import { type ControlStatus, FRAMEWORK_NAMES, FRAMEWORKS, overallStatus, type TFramework } from "@luminous/compliance";
import { evaluateCompliance } from "./evaluate-compliance";
import { loadPopulation } from "./load-population";

export interface FrameworkSummary {
  framework: TFramework;
  name: string;
  status: ControlStatus;
  pass: number;
  attention: number;
  fail: number;
  /** The Compliance page for this framework over the same period. */
  href: string;
}

export interface ComplianceSummary {
  period: { from: string; to: string };
  frameworks: FrameworkSummary[];
}

const DAY = 86_400_000;

/**
 * Per-framework compliance status over the last `days` days (default 30), for the dashboard:
 * the worst control status and how many controls pass, need attention, fail. Each entry links
 * to the Compliance page showing the same period.
 */
export async function getComplianceSummary(
  orgId: string,
  opts: { days?: number; now?: Date } = {},
): Promise<ComplianceSummary> {
  const now = opts.now ?? new Date();
  const from = new Date(now.getTime() - (opts.days ?? 30) * DAY);
  const population = await loadPopulation(orgId, now);
  const frameworks: FrameworkSummary[] = [];
  for (const framework of FRAMEWORKS) {
    const { report } = await evaluateCompliance(
      { orgId, framework, from, to: now, generatedBy: "dashboard", now },
      population,
    );
    const q = new URLSearchParams({ framework, from: from.toISOString(), to: now.toISOString() });
    frameworks.push({
      framework,
      name: FRAMEWORK_NAMES[framework],
      status: overallStatus(report.controls.map((c) => c.status)),
      pass: report.summary.pass,
      attention: report.summary.attention,
      fail: report.summary.fail,
      href: `/compliance?${q}`,
    });
  }
  return { period: { from: from.toISOString(), to: now.toISOString() }, frameworks };
}
