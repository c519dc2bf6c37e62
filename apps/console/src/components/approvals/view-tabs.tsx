import Link from "next/link";

export const APPROVAL_VIEWS = [
  ["pending", "Pending"],
  ["reviews", "Reviews"],
  ["decided", "Decided"],
  ["expired", "Expired"],
  ["break_glass", "Break-glass"],
  ["all", "All"],
] as const;
export type ApprovalView = (typeof APPROVAL_VIEWS)[number][0];

/** The inbox's views as links (bookmarkable); counts where they say what waits. */
export function ApprovalViewTabs({
  active,
  counts,
}: {
  active: ApprovalView;
  counts: Partial<Record<ApprovalView, number>>;
}) {
  return (
    <nav aria-label="Approval views" className="view-tabs">
      {APPROVAL_VIEWS.map(([view, label]) => (
        <Link key={view} href={`/approvals?view=${view}`} aria-current={active === view ? "page" : undefined}>
          {label}
          {counts[view] ? ` (${counts[view]})` : ""}
        </Link>
      ))}
    </nav>
  );
}
