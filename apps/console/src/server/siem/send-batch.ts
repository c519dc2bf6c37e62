import { type SiemFormat, toSyslog } from "@luminous/audit";
import type { SiemDestination } from "@luminous/db";
import { openSiemSecret } from "./destination-secret";
import { sendHec, sendWebhook } from "./http-transport";
import type { Forwardable } from "./siem-event";
import { sendSyslog } from "./syslog-transport";

export type DestinationRow = Pick<
  SiemDestination,
  "id" | "kind" | "format" | "host" | "port" | "url" | "caCert" | "clientCert" | "secretEnc"
>;

/** Encodes a batch in the destination's format and hands it over; throws (an EgressFailure) when it was not taken. */
export async function sendBatch(d: DestinationRow, items: Forwardable[]): Promise<void> {
  const secret = openSiemSecret(d);
  switch (d.kind) {
    case "syslog_tls":
    case "syslog_tcp":
    case "syslog_udp":
      return sendSyslog(
        {
          kind: d.kind,
          host: d.host ?? "",
          port: d.port ?? 514,
          caCert: d.caCert,
          clientCert: d.clientCert,
          clientKey: secret.clientKey,
        },
        items.map(({ event, meta }) => toSyslog(event, meta, d.format as SiemFormat)),
      );
    case "splunk_hec":
      return sendHec(d.url ?? "", secret.token ?? "", items);
    case "webhook":
      return sendWebhook(d.url ?? "", secret.secret ?? "", items);
    default:
      throw new Error(`unknown SIEM destination kind ${d.kind}`);
  }
}
