import type { Endpoint } from "../openapi/build";
import { ZComplianceHistoryQuery } from "./get-compliance-history";
import { ZCreateReportSchedule, ZRequestReportRun } from "./report-run-schemas";
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
  {
    method: "get",
    path: "/api/v1/compliance/runs",
    summary:
      "The org's report schedules and its kept reports (the last 100, newest first): period, status (queued, running, succeeded, failed with its reason and next attempt), the package's SHA-256 and size",
    tag: "Compliance",
    permission: "compliance.read",
  },
  {
    method: "post",
    path: "/api/v1/compliance/runs",
    summary:
      "Keep a report and its evidence package for one period: queued for the worker, which generates and stores it; audited",
    tag: "Compliance",
    permission: "compliance.export",
    body: ZRequestReportRun,
    status: 202,
  },
  {
    method: "get",
    path: "/api/v1/compliance/runs/{id}/package",
    summary:
      "A kept report's evidence package as stored (x-content-sha256 carries its SHA-256); check it with luminous-verify; the download is audited",
    tag: "Compliance",
    permission: "compliance.export",
    responseDescription: "application/zip",
  },
  {
    method: "post",
    path: "/api/v1/compliance/schedules",
    summary:
      "Schedule a framework's report every month (the previous calendar month) or week (the previous ISO week), UTC; the worker generates and keeps each one; audited",
    tag: "Compliance",
    permission: "compliance.export",
    body: ZCreateReportSchedule,
    status: 201,
  },
  {
    method: "delete",
    path: "/api/v1/compliance/schedules/{id}",
    summary: "Stop a report schedule (the reports it produced are kept); audited",
    tag: "Compliance",
    permission: "compliance.export",
  },
];
