import type { Endpoint } from "../openapi/build";
import { ZComplianceHistoryQuery } from "./get-compliance-history";
import { ZComplianceExportQuery, ZComplianceReportQuery } from "./schemas";

/** /api/v1 compliance endpoints. */
export const complianceEndpoints: Endpoint[] = [
  {
    method: "get",
    path: "/api/v1/compliance/report",
    summary:
      "A framework's controls over a period [from, to): status, population, numbers, exceptions linked to their events, method; viewing is itself audited",
    tag: "Compliance",
    permission: "compliance.read",
    query: ZComplianceReportQuery,
  },
  {
    method: "get",
    path: "/api/v1/compliance/report/export",
    summary: "The same report rendered as PDF, CSV or JSON for download; the download is audited",
    tag: "Compliance",
    permission: "compliance.export",
    query: ZComplianceExportQuery,
    responseDescription: "A file (application/pdf, text/csv or application/json)",
  },
  {
    method: "get",
    path: "/api/v1/compliance/package",
    summary:
      "The signed evidence package of a report (zip: report PDF/CSV/JSON, population, audit rows as NDJSON, checkpoints, keys, manifest of SHA-256 hashes signed with the org key); check it with luminous-verify; the download is audited",
    tag: "Compliance",
    permission: "compliance.export",
    query: ZComplianceReportQuery,
    responseDescription: "application/zip",
  },
  {
    method: "get",
    path: "/api/v1/compliance/history",
    summary:
      "One control's status per UTC day (the daily history the worker stores, chained), and whether the org's history chain is intact",
    tag: "Compliance",
    permission: "compliance.read",
    query: ZComplianceHistoryQuery,
  },
];
