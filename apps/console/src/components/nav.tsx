"use client";
import {
  BadgeCheck,
  ClipboardCheck,
  Laptop,
  LayoutDashboard,
  LogOut,
  Menu,
  ScrollText,
  Settings,
  ShieldCheck,
  UserRound,
  Users,
} from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { NoticesLink } from "./notices-link";
import { Logo } from "./ui/logo";

/** Each area's icon, by its path (areas the layout does not list simply have none here). */
const ICONS: Record<string, typeof Users> = {
  "/": LayoutDashboard,
  "/users": Users,
  "/policies": ShieldCheck,
  "/devices": Laptop,
  "/approvals": ClipboardCheck,
  "/audit": ScrollText,
  "/compliance": BadgeCheck,
  "/settings": Settings,
};
const ICON = { size: 16, "aria-hidden": true } as const;

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
  // Below the wide layout the links fold behind a menu button, open only on the page it was opened on.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === path;
  return (
    <nav className="sidebar" aria-label="Main" data-open={open}>
      <div className="sidebar-head">
        <Link href="/" className="brand">
          <Logo />
          Luminous Console
        </Link>
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={open}
          aria-controls="nav-links"
          onClick={() => setOpenOn(open ? null : path)}
        >
          <Menu {...ICON} />
          Menu
        </button>
      </div>
      <div className="nav-links" id="nav-links">
        {items.map((i) => {
          const Icon = ICONS[i.href];
          const active = i.href === "/" ? path === "/" : path.startsWith(i.href);
          return (
            <Link
              key={i.href}
              href={i.href}
              className={`${active ? "active " : ""}icon-label${i.count ? " counted-link" : ""}`}
            >
              {Icon && <Icon {...ICON} />}
              <span>{i.label}</span>
              {i.count && i.count.n > 0 && (
                <span className="count" data-testid={`count-${i.href.slice(1)}`}>
                  {" "}
                  {i.count.n > 99 ? "99+" : i.count.n}
                  <span className="sr-only"> {i.count.what}</span>
                </span>
              )}
            </Link>
          );
        })}
        <div className="spacer" />
        <NoticesLink unread={unreadNotices} active={path.startsWith("/notices")} />
        <Link href="/profile" className={path.startsWith("/profile") ? "active icon-label" : "icon-label"}>
          <UserRound {...ICON} />
          Profile
        </Link>
        <button type="button" className="nav-button" onClick={() => signOut({ callbackUrl: "/signin" })}>
          <LogOut {...ICON} />
          Sign out
        </button>
        <div className="who">
          <div className="who-name">{who.name}</div>
          <div>{who.email}</div>
          <div>{who.role}</div>
        </div>
      </div>
    </nav>
  );
}
