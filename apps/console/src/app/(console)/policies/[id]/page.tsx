import Link from "next/link";
import { PolicyDetail } from "@/components/policies/policy-detail";
import { viewerOf } from "@/components/users/access";
import { requirePage } from "@/lib/current-user";
import { can } from "@/server/auth/permissions";
import { editorConfig } from "../editor-config";

export const metadata = { title: "Policy · Luminous Console" };

export default async function PolicyPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ tab?: string }>;
}) {
  const user = await requirePage("policy.read");
  const { id } = await params;
  const { tab } = await searchParams;
  const initialTab =
    tab === "history" || tab === "assignments" ? tab : can(user.role, "policy.write") ? "edit" : "history";
  return (
    <>
      <p style={{ margin: "0 0 8px" }}>
        <Link href="/policies">← Policies</Link>
      </p>
      <PolicyDetail id={id} viewer={viewerOf(user)} config={editorConfig()} initialTab={initialTab} />
    </>
  );
}
