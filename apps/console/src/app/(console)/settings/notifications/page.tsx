import { NotificationSettings } from "@/components/notifications/notification-settings";
import { requirePage } from "@/lib/current-user";
import { can } from "@/server/auth/permissions";

export const metadata = { title: "Notifications · Luminous Console" };

export default async function NotificationsSettingsPage() {
  const user = await requirePage("settings.read");
  return (
    <>
      <h1>Notifications</h1>
      <NotificationSettings canEdit={can(user.role, "settings.update")} email={user.email} />
    </>
  );
}
