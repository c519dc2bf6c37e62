import type { Endpoint } from "../openapi/build";
import { ZExportAuditEvents } from "./export-audit-events";

/** /api/v1 audit endpoints beyond the list (which core-endpoints declares with ZListAuditEvents). */
export const auditEndpoints: Endpoint[] = [
  {
    method: "get",
    path: "/api/v1/audit-events/export",
    summary:
      "Export every event matching the filter (same filters as the list), streamed as CSV, JSON or NDJSON; the export is itself audited",
    tag: "Audit",
    permission: "audit.export",
    query: ZExportAuditEvents,
    responseDescription: "A streamed file (text/csv, application/json or application/x-ndjson)",
  },
  {
    method: "get",
    path: "/api/v1/audit-events/{id}",
    summary: "One event with every field, its approval and execution parts, and its chain status",
    tag: "Audit",
    permission: "audit.read",
  },
  {
    method: "get",
    path: "/api/v1/audit/integrity",
    summary: "Integrity of the audit trail: last verification, last signed checkpoint, chain length",
    tag: "Audit",
    permission: "audit.read",
  },
  {
    method: "post",
    path: "/api/v1/audit/verify",
    summary: "Verify the audit trail now (org chain, signed checkpoints, contents, device chains) and keep the result",
    tag: "Audit",
    permission: "audit.read",
  },
];
