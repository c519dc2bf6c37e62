import { viewerOf } from "@/components/users/access";
import { UserDetail } from "@/components/users/user-detail";
import { requirePage } from "@/lib/current-user";

export const metadata = { title: "User · Luminous Console" };

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage("user.read");
  const { id } = await params;
  return <UserDetail id={id} viewer={viewerOf(user)} />;
}
