import type { Endpoint } from "../openapi/build";
import { ZDashboardComplianceQuery, ZDashboardQuery } from "./schemas";

export const dashboardEndpoints: Endpoint[] = [
  {
    method: "get",
    path: "/api/v1/dashboard",
    summary:
      "The operator dashboard over a period (a named range ending now, or from/to): commands per hour, success rate, policy decisions by outcome, P50/P95/P99 durations per event type, active users, devices by state, integrity alarms",
    tag: "Dashboard",
    permission: "dashboard.read",
    query: ZDashboardQuery,
  },
  {
    method: "get",
    path: "/api/v1/dashboard/compliance",
    summary:
      "The dashboard's compliance panel: each framework's status (worst control on any day of the period) and how many controls pass, need attention or fail, from the stored daily history plus today's live status, with a link to the Compliance page",
    tag: "Dashboard",
    permission: "compliance.read",
    query: ZDashboardComplianceQuery,
  },
  {
    method: "get",
    path: "/api/v1/dashboard/approvals",
    summary:
      "The dashboard's approvals panel: how many approval requests wait for a decision now (pending, not expired) and the one waiting longest",
    tag: "Dashboard",
    permission: "approval.read",
  },
];
