import { registerFleetGauges, registerPoolGauge } from "./fleet-gauges";
import { metrics } from "./registry";

const g = globalThis as unknown as { __luminousFleetGauges?: boolean };

/**
 * The Prometheus text exposition of this process: its own counters, its database pools and, unless
 * `fleet: false` (the agent API's workers), the fleet gauges read from the database.
 */
export async function exposeMetrics(opts: { fleet?: boolean } = {}): Promise<{ contentType: string; body: string }> {
  const { registry } = metrics();
  if (!g.__luminousFleetGauges) {
    registerPoolGauge(registry);
    if (opts.fleet !== false) registerFleetGauges(registry);
    g.__luminousFleetGauges = true;
  }
  return { contentType: registry.contentType, body: await registry.metrics() };
}
