import { ActivityChart } from "@/components/activity-chart";
import { requirePage } from "@/lib/current-user";
import { getDashboard } from "@/server/dashboard/get-dashboard";

export default async function Dashboard() {
  const user = await requirePage("dashboard.read");
  const d = await getDashboard(user.orgId);
  const mfaPct = d.users.active ? Math.round((100 * d.users.mfa) / d.users.active) : 0;
  return (
    <>
      <h1>Dashboard</h1>
      <div className="grid-cards">
        <div className="card">
          <div className="l">Active users</div>
          <div className="n">{d.users.active}</div>
          <div className="muted">{d.users.deactivated} deactivated</div>
        </div>
        <div className="card">
          <div className="l">Two-factor coverage</div>
          <div className="n">{mfaPct}%</div>
          <div className="muted">
            {d.users.mfa} of {d.users.active} active users
          </div>
        </div>
        <div className="card">
          <div className="l">Groups</div>
          <div className="n">{d.groups}</div>
        </div>
        <div className="card">
          <div className="l">Audit events, 24 h</div>
          <div className="n">{d.events24h}</div>
          <div className="muted">{d.denied7d} denied in 7 days</div>
        </div>
      </div>
      <section className="panel">
        <h2>Activity, last 14 days (UTC)</h2>
        <ActivityChart data={d.activity} />
      </section>
    </>
  );
}
