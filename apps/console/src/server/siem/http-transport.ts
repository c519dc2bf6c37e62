import { toSiemJson } from "@luminous/audit";
import { egressFetch } from "../http/egress-fetch";
import { signWebhook } from "../http/webhook-signature";
import type { Forwardable } from "./siem-event";

const TIMEOUT_MS = 10_000;

/** The HEC endpoint for events: the URL as given when it names a path, else /services/collector/event. */
export function hecEndpoint(url: string): string {
  const u = new URL(url);
  if (u.pathname === "/" || u.pathname === "") u.pathname = "/services/collector/event";
  return u.href;
}

/**
 * Splunk HTTP Event Collector: one request per batch, the events concatenated as HEC JSON
 * objects (time in epoch seconds, the event id both in `event.id` and as an indexed field).
 * Delivered when Splunk answers 2xx.
 */
export async function sendHec(url: string, token: string, items: Forwardable[]): Promise<void> {
  if (items.length === 0) return;
  const body = items
    .map(({ event, meta }) =>
      JSON.stringify({
        time: Date.parse(event.ts) / 1000,
        host: meta.deviceName ?? meta.hostname,
        source: "luminous-console",
        sourcetype: "luminous:audit",
        fields: { event_id: event.id, category: event.category, outcome: event.outcome },
        event: toSiemJson(event, meta),
      }),
    )
    .join("\n");
  await egressFetch(hecEndpoint(url), {
    method: "POST",
    headers: { authorization: `Splunk ${token}`, "content-type": "application/json" },
    body,
    timeoutMs: TIMEOUT_MS,
    maxRedirects: 0,
  });
}

/** A signed webhook: `{"events": [...]}` with X-Luminous-Timestamp and X-Luminous-Signature (HMAC-SHA256). */
export async function sendWebhook(url: string, secret: string, items: Forwardable[]): Promise<void> {
  if (items.length === 0) return;
  const body = JSON.stringify({ events: items.map(({ event, meta }) => toSiemJson(event, meta)) });
  await egressFetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...signWebhook(secret, body) },
    body,
    timeoutMs: TIMEOUT_MS,
    maxRedirects: 0,
  });
}
