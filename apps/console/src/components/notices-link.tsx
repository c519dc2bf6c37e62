"use client";
import Link from "next/link";

/** The console frame's notices entry: the unread count is part of the link's accessible name. */
export function NoticesLink({ unread, active }: { unread: number; active: boolean }) {
  const label = unread === 0 ? "Notices" : `Notices, ${unread} unread`;
  return (
    <Link href="/notices" className={active ? "active notices-link" : "notices-link"} aria-label={label}>
      <span>Notices</span>
      {unread > 0 && (
        <span className="count" data-testid="unread-notices" aria-hidden="true">
          {unread > 99 ? "99+" : unread}
        </span>
      )}
    </Link>
  );
}
