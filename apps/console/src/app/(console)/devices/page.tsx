import { DevicesList } from "@/components/devices/devices-list";
import { DevicesTabs } from "@/components/devices/tabs";
import { requirePage } from "@/lib/current-user";
import { can } from "@/server/auth/permissions";

export const metadata = { title: "Devices · Luminous Console" };

export default async function DevicesPage() {
  const user = await requirePage("device.read");
  return (
    <>
      <h1>Devices</h1>
      <DevicesTabs active="devices" tokens={can(user.role, "enrollment.manage")} />
      <DevicesList />
    </>
  );
}
