import type { SiemDestination } from "@luminous/db";
import { ZSiemFilter } from "./schemas";
import type { SiemLag } from "./siem-lag";

/** A destination as the API and the page show it: settings without secrets, and its delivery health. */
export function presentDestination(d: SiemDestination, lag: SiemLag | undefined) {
  const secretSet = d.secretEnc !== null;
  return {
    id: d.id,
    name: d.name,
    kind: d.kind,
    format: d.format,
    stream: d.stream,
    host: d.host,
    port: d.port,
    url: d.url,
    caCert: d.caCert,
    clientCert: d.clientCert,
    /** Write-only: whether a client key, HEC token or webhook secret is stored. */
    secretSet,
    filter: ZSiemFilter.parse(d.filter),
    enabled: d.enabled,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    health: {
      state: d.enabled ? d.state : "paused",
      lagEvents: lag?.events ?? 0,
      lagSeconds: lag?.seconds ?? 0,
      attempts: d.attempts,
      nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
      lastError: d.lastError,
      lastErrorReason: d.lastErrorReason,
      lastErrorAt: d.lastErrorAt?.toISOString() ?? null,
      lastDeliveredAt: d.lastDeliveredAt?.toISOString() ?? null,
      delivered: Number(d.delivered),
      failures: Number(d.failures),
      droppedByRetention: Number(d.droppedByRetention),
    },
  };
}
export type TSiemDestinationView = ReturnType<typeof presentDestination>;
