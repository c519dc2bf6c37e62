import { DevicesList } from "@/components/devices/devices-list";
import { DevicesTabs } from "@/components/devices/tabs";
import { requirePage } from "@/lib/current-user";
import { can } from "@/server/auth/permissions";

export const metadata = { title: "Devices · Luminous Console" };

const STATUSES = ["online", "stale", "offline", "revoked"];
const POLICY = ["behind", "expired"];

export default async function DevicesPage({
  searchParams,
}: {
  searchParams: Promise<{ status?: string; policy?: string }>;
}) {
  const user = await requirePage("device.read");
  const sp = await searchParams;
  const initial = {
    status: STATUSES.includes(sp.status ?? "") ? sp.status : undefined,
    policy: POLICY.includes(sp.policy ?? "") ? sp.policy : undefined,
  };
  return (
    <>
      <h1>Devices</h1>
      <DevicesTabs active="devices" tokens={can(user.role, "enrollment.manage")} />
      <DevicesList initial={initial} />
    </>
  );
}
