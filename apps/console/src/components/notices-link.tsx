"use client";
import { Bell } from "lucide-react";
import Link from "next/link";

/** The console frame's notices entry: its accessible name is its visible text ("Notices 2 unread"). */
export function NoticesLink({ unread, active }: { unread: number; active: boolean }) {
  return (
    <Link href="/notices" className={active ? "active notices-link" : "notices-link"}>
      <span className="icon-label">
        <Bell size={16} aria-hidden />
        Notices
      </span>
      {unread > 0 && (
        <span className="count" data-testid="unread-notices">
          {" "}
          {unread > 99 ? "99+" : unread}
          <span className="sr-only"> unread</span>
        </span>
      )}
    </Link>
  );
}
