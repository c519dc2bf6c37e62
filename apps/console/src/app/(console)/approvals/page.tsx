import { ApprovalsList } from "@/components/approvals/approvals-list";
import { APPROVAL_VIEWS, type ApprovalView } from "@/components/approvals/view-tabs";
import { requirePage } from "@/lib/current-user";

export const metadata = { title: "Approvals · Luminous Console" };

export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<{ view?: string }> }) {
  await requirePage("approval.read");
  const { view } = await searchParams;
  const active = (APPROVAL_VIEWS.find(([v]) => v === view)?.[0] ?? "pending") as ApprovalView;
  return (
    <>
      <h1>Approvals</h1>
      <ApprovalsList key={active} view={active} />
    </>
  );
}
