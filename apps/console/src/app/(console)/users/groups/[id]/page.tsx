import { GroupDetail } from "@/components/groups/group-detail";
import { viewerOf } from "@/components/users/access";
import { requirePage } from "@/lib/current-user";

export const metadata = { title: "Group · Luminous Console" };

export default async function GroupPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage("group.read");
  const { id } = await params;
  return <GroupDetail id={id} viewer={viewerOf(user)} />;
}
