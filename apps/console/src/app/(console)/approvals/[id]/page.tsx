import Link from "next/link";
import { ApprovalDetail } from "@/components/approvals/approval-detail";
import { viewerOf } from "@/components/users/access";
import { requirePage } from "@/lib/current-user";

export const metadata = { title: "Approval request · Luminous Console" };

export default async function ApprovalPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage("approval.read");
  const { id } = await params;
  return (
    <>
      <p style={{ margin: "0 0 8px" }}>
        <Link href="/approvals">← Approvals</Link>
      </p>
      <ApprovalDetail id={id} viewer={viewerOf(user)} />
    </>
  );
}
