import type { TChainedEvent } from "@luminous/audit";
import { metrics } from "./registry";

interface Outcome {
  duplicates: number[];
  rejected: { index: number }[];
  integrity: { type: string }[];
}

/**
 * Counts a committed batch: events accepted / duplicate / refused, and, from the events newly
 * stored, the fleet figures operators watch (decisions by outcome, commands and their duration,
 * system changes, rollbacks). Retried batches are not counted twice: duplicates carry no figures.
 */
export function observeIngest(valid: { index: number; event: TChainedEvent }[], out: Outcome, seconds: number): void {
  const m = metrics();
  m.ingestBatchDuration.observe(seconds);
  const refused = new Set(out.rejected.map((r) => r.index));
  const duplicate = new Set(out.duplicates);
  let accepted = 0;
  for (const { index, event } of valid) {
    if (refused.has(index) || duplicate.has(event.seq)) continue;
    accepted++;
    if (event.type === "policy_decision" && event.decision)
      m.policyDecisions.inc({ decision: event.decision.decision });
    else if (event.type === "execution_completed" && event.execution) {
      m.commands.inc({ outcome: event.execution.success ? "success" : "failure" });
      m.commandDuration.observe(event.execution.duration_ms / 1000);
      m.systemChanges.inc(event.execution.changes?.length ?? 0);
    } else if (event.type === "rollback_performed") m.rollbacks.inc();
  }
  m.ingestEvents.inc({ result: "accepted" }, accepted);
  m.ingestEvents.inc({ result: "duplicate" }, out.duplicates.length);
  m.ingestEvents.inc({ result: "refused" }, out.rejected.length);
  for (const f of out.integrity) m.integrityFindings.inc({ type: f.type });
}
