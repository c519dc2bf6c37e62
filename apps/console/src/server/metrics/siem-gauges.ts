import { Counter, Gauge, type Registry } from "prom-client";
import { db } from "../db";
import { log } from "../log";
import { siemLag } from "../siem/siem-lag";

interface Row {
  id: string;
  org: string;
  name: string;
  kind: string;
  state: string;
  enabled: boolean;
  delivered: bigint;
  failures: bigint;
  dropped: bigint;
  lagEvents: number;
  lagSeconds: number;
}

async function destinations(): Promise<Row[]> {
  try {
    const prisma = db();
    const [rows, lag] = await Promise.all([
      prisma.siemDestination.findMany({ include: { org: { select: { slug: true } } } }),
      siemLag(prisma),
    ]);
    return rows.map((d) => ({
      id: d.id,
      org: d.org.slug,
      name: d.name,
      kind: d.kind,
      state: d.state,
      enabled: d.enabled,
      delivered: d.delivered,
      failures: d.failures,
      dropped: d.droppedByRetention,
      lagEvents: lag.get(d.id)?.events ?? 0,
      lagSeconds: lag.get(d.id)?.seconds ?? 0,
    }));
  } catch (err) {
    log("warn", "metrics: SIEM destinations could not be read", { err: (err as Error).message });
    return [];
  }
}

/**
 * SIEM forwarding per destination, read from the database when scraped (so any worker, or a
 * restarted one, reports the same totals): lag in records and seconds, delivered records, failed
 * attempts, records retention deleted before they were delivered, and whether it is up. Exposed
 * by the worker, which does the delivering.
 */
export function registerSiemGauges(registry: Registry): void {
  const labelNames = ["org", "destination", "id", "kind"] as const;
  let inflight: Promise<Row[]> | undefined;
  const rows = () => {
    inflight ??= destinations().finally(() => {
      inflight = undefined;
    });
    return inflight;
  };
  const labels = (r: Row) => ({ org: r.org, destination: r.name, id: r.id, kind: r.kind });
  const gauge = (name: string, help: string, value: (r: Row) => number) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        for (const r of await rows()) this.set(labels(r), value(r));
      },
    });
  const counter = (name: string, help: string, value: (r: Row) => bigint) =>
    new Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        // the totals live in the database: a counter that any worker reports the same way
        this.reset();
        for (const r of await rows()) this.inc(labels(r), Number(value(r)));
      },
    });
  gauge(
    "luminous_siem_lag_events",
    "Audit records recorded after a SIEM destination's cursors (not yet handed over or filtered).",
    (r) => r.lagEvents,
  );
  gauge(
    "luminous_siem_lag_seconds",
    "Age of the oldest audit record a SIEM destination has not received yet (0 when caught up).",
    (r) => r.lagSeconds,
  );
  gauge(
    "luminous_siem_destination_up",
    "1 when a SIEM destination's last attempt succeeded (or none failed yet), 0 while it is retrying or paused.",
    (r) => (r.enabled && r.state !== "retrying" ? 1 : 0),
  );
  counter(
    "luminous_siem_delivered_events_total",
    "Audit records a SIEM destination accepted (replays count again).",
    (r) => r.delivered,
  );
  counter(
    "luminous_siem_delivery_failures_total",
    "Failed delivery attempts to a SIEM destination.",
    (r) => r.failures,
  );
  counter(
    "luminous_siem_dropped_events_total",
    "Audit records retention deleted before a SIEM destination received them.",
    (r) => r.dropped,
  );
}
