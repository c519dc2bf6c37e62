import { registerFleetGauges, registerPoolGauge } from "./fleet-gauges";
import { metrics } from "./registry";
import { registerSiemGauges } from "./siem-gauges";

const g = globalThis as unknown as { __luminousFleetGauges?: boolean; __luminousSiemGauges?: boolean };

/**
 * The Prometheus text exposition of this process: its own counters, its database pools and, unless
 * `fleet: false` (the agent API's workers), the fleet gauges read from the database; with
 * `siem: true` (the worker) the SIEM forwarding figures too.
 */
export async function exposeMetrics(
  opts: { fleet?: boolean; siem?: boolean } = {},
): Promise<{ contentType: string; body: string }> {
  const { registry } = metrics();
  if (opts.siem && !g.__luminousSiemGauges) {
    registerSiemGauges(registry);
    g.__luminousSiemGauges = true;
  }
  if (!g.__luminousFleetGauges) {
    registerPoolGauge(registry);
    if (opts.fleet !== false) registerFleetGauges(registry);
    g.__luminousFleetGauges = true;
  }
  return { contentType: registry.contentType, body: await registry.metrics() };
}
