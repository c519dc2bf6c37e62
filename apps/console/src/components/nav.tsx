"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { NoticesLink } from "./notices-link";

export interface NavItem {
  href: string;
  label: string;
  /** waiting for this user (e.g. approvals they may decide): shown as a badge, part of the link's name */
  count?: { n: number; what: string };
}

export function Nav({
  items,
  who,
  unreadNotices,
}: {
  items: NavItem[];
  who: { name: string; email: string; role: string };
  unreadNotices: number;
}) {
  const path = usePathname();
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">Luminous Console</div>
      {items.map((i) => (
        <Link
          key={i.href}
          href={i.href}
          className={`${(i.href === "/" ? path === "/" : path.startsWith(i.href)) ? "active" : ""}${i.count ? " counted-link" : ""}`}
        >
          <span>{i.label}</span>
          {i.count && i.count.n > 0 && (
            <span className="count" data-testid={`count-${i.href.slice(1)}`}>
              {" "}
              {i.count.n > 99 ? "99+" : i.count.n}
              <span className="sr-only"> {i.count.what}</span>
            </span>
          )}
        </Link>
      ))}
      <div className="spacer" />
      <NoticesLink unread={unreadNotices} active={path.startsWith("/notices")} />
      <Link href="/profile" className={path.startsWith("/profile") ? "active" : ""}>
        Profile
      </Link>
      <button
        type="button"
        className="btn"
        style={{ background: "transparent", color: "#cbd5e1", border: "none", textAlign: "left", padding: "7px 10px" }}
        onClick={() => signOut({ callbackUrl: "/signin" })}
      >
        Sign out
      </button>
      <div className="who">
        <div style={{ color: "#fff" }}>{who.name}</div>
        <div>{who.email}</div>
        <div>{who.role}</div>
      </div>
    </nav>
  );
}
