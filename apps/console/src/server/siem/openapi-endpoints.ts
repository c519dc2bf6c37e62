import type { Endpoint } from "../openapi/build";
import { ZCreateSiemDestination, ZReplaySiemDestination, ZUpdateSiemDestination } from "./schemas";

/** /api/v1 SIEM forwarding (docs/siem.md). Secrets are write-only: answers say `secretSet` instead. */
export const siemEndpoints: Endpoint[] = [
  {
    method: "get",
    path: "/api/v1/siem-destinations",
    summary:
      "The org's SIEM destinations with their delivery health (state, lag in events and seconds, last error, counts)",
    tag: "SIEM",
    permission: "settings.read",
  },
  {
    method: "post",
    path: "/api/v1/siem-destinations",
    summary:
      "Add a destination (syslog over TLS, TCP or UDP in CEF, LEEF 2.0 or RFC 5424 JSON; Splunk HEC; signed webhook) with its filter; it receives what is recorded from now on. Audited",
    tag: "SIEM",
    permission: "settings.update",
    body: ZCreateSiemDestination,
    status: 201,
  },
  {
    method: "get",
    path: "/api/v1/siem-destinations/{id}",
    summary: "One destination and its delivery health",
    tag: "SIEM",
    permission: "settings.read",
  },
  {
    method: "patch",
    path: "/api/v1/siem-destinations/{id}",
    summary: "Change a destination (a secret left out keeps the stored one; the kind cannot change). Audited",
    tag: "SIEM",
    permission: "settings.update",
    body: ZUpdateSiemDestination,
  },
  {
    method: "delete",
    path: "/api/v1/siem-destinations/{id}",
    summary: "Delete a destination and its cursors. Audited",
    tag: "SIEM",
    permission: "settings.update",
  },
  {
    method: "post",
    path: "/api/v1/siem-destinations/{id}/test",
    summary:
      "Send one siem_test event now in the destination's format; answers whether it was taken and why not. Audited",
    tag: "SIEM",
    permission: "settings.update",
  },
  {
    method: "post",
    path: "/api/v1/siem-destinations/{id}/replay",
    summary: "Send again every record received at or after `from` (receivers drop duplicates by event id). Audited",
    tag: "SIEM",
    permission: "settings.update",
    body: ZReplaySiemDestination,
  },
];
