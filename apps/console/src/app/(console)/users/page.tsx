import { viewerOf } from "@/components/users/access";
import { UsersTabs } from "@/components/users/tabs";
import { UsersList } from "@/components/users/users-list";
import { requirePage } from "@/lib/current-user";

export const metadata = { title: "Users · Luminous Console" };

export default async function UsersPage() {
  const user = await requirePage("user.read");
  return (
    <>
      <h1>Users &amp; groups</h1>
      <UsersTabs active="users" />
      <UsersList viewer={viewerOf(user)} />
    </>
  );
}
