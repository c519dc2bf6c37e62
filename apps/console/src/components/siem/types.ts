import type { TSiemDestinationView } from "@/server/siem/present-destination";

export type Destination = TSiemDestinationView;

export const KIND_LABELS: Record<string, string> = {
  syslog_tls: "Syslog over TLS (RFC 5425)",
  syslog_tcp: "Syslog over TCP",
  syslog_udp: "Syslog over UDP",
  splunk_hec: "Splunk HTTP Event Collector",
  webhook: "HTTPS webhook (HMAC-SHA256 signed)",
};

export const FORMAT_LABELS: Record<string, string> = {
  cef: "CEF",
  leef: "LEEF 2.0",
  rfc5424: "RFC 5424 with JSON",
  json: "JSON",
};

export const isSyslog = (kind: string) => kind.startsWith("syslog_");
