import { GroupsList } from "@/components/groups/groups-list";
import { viewerOf } from "@/components/users/access";
import { UsersTabs } from "@/components/users/tabs";
import { requirePage } from "@/lib/current-user";

export const metadata = { title: "Groups · Luminous Console" };

export default async function GroupsPage() {
  const user = await requirePage("group.read");
  return (
    <>
      <h1>Users &amp; groups</h1>
      <UsersTabs active="groups" />
      <GroupsList viewer={viewerOf(user)} />
    </>
  );
}
