import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

/**
 * The process's metrics. Kept on globalThis: Next.js may evaluate a module once per route bundle,
 * and two registries would each hold half the counts.
 */
function build() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // Gauges named like counters (promtool's lint refuses them); their per-type series stay.
  for (const name of ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"]) {
    registry.removeSingleMetric(name);
  }
  const seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  return {
    registry,
    httpRequests: new Counter({
      name: "luminous_http_requests_total",
      help: "HTTP requests answered by the console's API routes, by route, method and status code.",
      labelNames: ["route", "method", "status"] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "luminous_http_request_duration_seconds",
      help: "Time to answer an API request, by route and method.",
      labelNames: ["route", "method"] as const,
      buckets: seconds,
      registers: [registry],
    }),
    agentPolls: new Counter({
      name: "luminous_agent_policy_polls_total",
      help: "Agent policy polls by answer: bundle (200, a new signed bundle) or not_modified (304).",
      labelNames: ["result"] as const,
      registers: [registry],
    }),
    ingestEvents: new Counter({
      name: "luminous_ingest_events_total",
      help: "Agent events received, by result: accepted (stored now), duplicate (already stored), refused.",
      labelNames: ["result"] as const,
      registers: [registry],
    }),
    ingestBatchDuration: new Histogram({
      name: "luminous_ingest_batch_duration_seconds",
      help: "Time to validate, chain and commit one batch of agent events.",
      buckets: seconds,
      registers: [registry],
    }),
    policyDecisions: new Counter({
      name: "luminous_policy_decisions_total",
      help: "Policy decisions reported by agents (policy_decision events), by outcome.",
      labelNames: ["decision"] as const,
      registers: [registry],
    }),
    commands: new Counter({
      name: "luminous_commands_total",
      help: "ask-nix commands that finished (execution_completed events), by outcome.",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    commandDuration: new Histogram({
      name: "luminous_command_duration_seconds",
      help: "Duration of ask-nix command executions as reported in execution_completed events.",
      buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900],
      registers: [registry],
    }),
    systemChanges: new Counter({
      name: "luminous_system_changes_total",
      help: "System changes listed by executed ask-nix commands (execution_completed events).",
      registers: [registry],
    }),
    rollbacks: new Counter({
      name: "luminous_rollbacks_total",
      help: "Rollbacks performed by ask-nix (rollback_performed events).",
      registers: [registry],
    }),
    integrityFindings: new Counter({
      name: "luminous_audit_integrity_findings_total",
      help: "Integrity findings recorded at ingestion (gaps, chain breaks, forged or refused events), by type.",
      labelNames: ["type"] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof build>;
const g = globalThis as unknown as { __luminousMetrics?: Metrics };

export function metrics(): Metrics {
  g.__luminousMetrics ??= build();
  return g.__luminousMetrics;
}
