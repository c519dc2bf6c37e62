import { SiemDestinations } from "@/components/siem/destinations";
import { requirePage } from "@/lib/current-user";
import { can } from "@/server/auth/permissions";

export const metadata = { title: "Integrations · Luminous Console" };

export default async function IntegrationsPage() {
  const user = await requirePage("settings.read");
  return (
    <>
      <h1>Integrations</h1>
      <p className="muted">
        The audit trail forwarded to your SIEM: every event in chain order, at least once, with its event id so your
        SIEM can drop duplicates. See docs/siem.md for formats and receiver configuration.
      </p>
      <SiemDestinations canEdit={can(user.role, "settings.update")} />
    </>
  );
}
