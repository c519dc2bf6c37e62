import { EnrollmentTokens } from "@/components/devices/enrollment-tokens";
import { DevicesTabs } from "@/components/devices/tabs";
import { requirePage } from "@/lib/current-user";

export const metadata = { title: "Enrollment tokens · Luminous Console" };

export default async function EnrollmentPage() {
  await requirePage("enrollment.manage");
  return (
    <>
      <h1>Devices</h1>
      <DevicesTabs active="enrollment" tokens />
      <EnrollmentTokens />
    </>
  );
}
