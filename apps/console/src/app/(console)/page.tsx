import { Dashboard } from "@/components/dashboard/dashboard";
import { requirePage } from "@/lib/current-user";
import { can } from "@/server/auth/permissions";
import { DASHBOARD_RANGES, type TDashboardRange } from "@/server/dashboard/schemas";

export const metadata = { title: "Dashboard · Luminous Console" };

export default async function DashboardPage({ searchParams }: { searchParams: Promise<{ range?: string }> }) {
  const user = await requirePage("dashboard.read");
  const { range } = await searchParams;
  const initial = (range && range in DASHBOARD_RANGES ? range : "24h") as TDashboardRange;
  return (
    <Dashboard
      can={{
        audit: can(user.role, "audit.read"),
        devices: can(user.role, "device.read"),
        compliance: can(user.role, "compliance.read"),
      }}
      initialRange={initial}
    />
  );
}
