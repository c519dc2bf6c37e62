import {
  buildReport,
  type ComplianceReport,
  createEvaluator,
  type Evaluator,
  type Population,
  type TFramework,
} from "@luminous/compliance";
import { db } from "../db";
import { loadPopulation } from "./load-population";
import { streamPeriodEvents } from "./stream-period-events";

export interface EvaluateInput {
  orgId: string;
  framework: TFramework;
  from: Date;
  to: Date;
  generatedBy: string;
  now?: Date;
}

/** Feeds the evaluator every event of the period (and possibly others: it skips those outside). */
export type EventFeed = (ev: Evaluator) => Promise<void>;

/**
 * Computes a framework's report for one period in a single streamed pass over the period's events:
 * memory holds one page of events and the per-subject state of the controls, not the events. By
 * default the events are read by time; the evidence package feeds the rows it writes instead, so
 * the period is read once.
 */
export async function evaluateCompliance(
  input: EvaluateInput,
  population?: Population,
  feed?: EventFeed,
): Promise<{ report: ComplianceReport; population: Population }> {
  const now = input.now ?? new Date();
  const [org, pop] = await Promise.all([
    db().org.findUniqueOrThrow({ where: { id: input.orgId }, select: { id: true, name: true } }),
    population ? Promise.resolve(population) : loadPopulation(input.orgId, now),
  ]);
  const period = { from: input.from.toISOString(), to: input.to.toISOString() };
  const ev = createEvaluator(input.framework, period, pop);
  if (feed) await feed(ev);
  else for await (const e of streamPeriodEvents(input.orgId, input.from, input.to)) ev.add(e);
  const report = buildReport({
    framework: input.framework,
    org,
    period,
    generatedAt: now.toISOString(),
    generatedBy: input.generatedBy,
    scope: `Organisation ${org.name}: ${pop.users.length} console accounts, ${pop.devices.length} enrolled devices, ${pop.policyVersions.length} policy versions; every audit event with a timestamp in the period.`,
    events: ev.counts.inPeriod,
    evaluations: ev.finish(),
  });
  return { report, population: pop };
}
