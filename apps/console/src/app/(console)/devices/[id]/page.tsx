import Link from "next/link";
import { DeviceDetail } from "@/components/devices/device-detail";
import { viewerOf } from "@/components/users/access";
import { requirePage } from "@/lib/current-user";

export const metadata = { title: "Device · Luminous Console" };

export default async function DevicePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage("device.read");
  const { id } = await params;
  return (
    <>
      <p style={{ margin: "0 0 8px" }}>
        <Link href="/devices">← Devices</Link>
      </p>
      <DeviceDetail id={id} viewer={viewerOf(user)} />
    </>
  );
}
