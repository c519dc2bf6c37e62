import { Dashboard } from "@/components/dashboard/dashboard";
import type { TPeriod } from "@/components/dashboard/period-picker";
import { requirePage } from "@/lib/current-user";
import { can } from "@/server/auth/permissions";
import { DASHBOARD_RANGES, type TDashboardRange, ZDashboardQuery } from "@/server/dashboard/schemas";

export const metadata = { title: "Dashboard · Luminous Console" };

export default async function DashboardPage({
  searchParams,
}: {
  searchParams: Promise<{ range?: string; from?: string; to?: string }>;
}) {
  const user = await requirePage("dashboard.read");
  const sp = await searchParams;
  // An explicit period only when it is a valid one; otherwise the named range (or the last 24 hours).
  const explicit = ZDashboardQuery.safeParse({ from: sp.from, to: sp.to });
  const initial: TPeriod =
    sp.from && sp.to && explicit.success
      ? { from: sp.from, to: sp.to }
      : { range: (sp.range && sp.range in DASHBOARD_RANGES ? sp.range : "24h") as TDashboardRange };
  return (
    <Dashboard
      can={{
        audit: can(user.role, "audit.read"),
        devices: can(user.role, "device.read"),
        compliance: can(user.role, "compliance.read"),
        approvals: can(user.role, "approval.read"),
      }}
      initial={initial}
    />
  );
}
