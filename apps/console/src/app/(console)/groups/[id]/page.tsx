import { redirect } from "next/navigation";

export default async function GroupRedirect({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  redirect(`/users/groups/${encodeURIComponent(id)}`);
}
