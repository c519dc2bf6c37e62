import type { ReactNode } from "react";
import { Nav, type NavItem } from "@/components/nav";
import { StepUpHost } from "@/components/step-up/step-up-host";
import { currentUser } from "@/lib/current-user";
import { countDecidableApprovals } from "@/server/approvals/count-decidable-approvals";
import { can, ROLE_LABELS, type TPermission } from "@/server/auth/permissions";
import { countUnreadNotices } from "@/server/notices/list-notices";

export const dynamic = "force-dynamic";

/** Areas appear only when they work and the user's role may open them. */
const AREAS: (NavItem & { permission: TPermission })[] = [
  { href: "/", label: "Dashboard", permission: "dashboard.read" },
  { href: "/users", label: "Users & groups", permission: "user.read" },
  { href: "/policies", label: "Policies", permission: "policy.read" },
  { href: "/devices", label: "Devices", permission: "device.read" },
  { href: "/approvals", label: "Approvals", permission: "approval.read" },
  { href: "/audit", label: "Audit log", permission: "audit.read" },
  { href: "/compliance", label: "Compliance", permission: "compliance.read" },
  { href: "/settings", label: "Settings", permission: "settings.read" },
];

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  const unread = await countUnreadNotices(user.orgId, user.id);
  // The badge counts the pending requests this user may decide now (not all pending ones).
  const decidable = can(user.role, "approval.decide") ? await countDecidableApprovals(user.orgId, user.id) : 0;
  const items = AREAS.filter((a) => can(user.role, a.permission)).map(({ href, label }) => ({
    href,
    label,
    ...(href === "/approvals" ? { count: { n: decidable, what: "to decide" } } : {}),
  }));
  return (
    <div className="shell">
      <Nav
        items={items}
        who={{ name: user.name, email: user.email, role: ROLE_LABELS[user.role] }}
        unreadNotices={unread}
      />
      <main className="content">{children}</main>
      <StepUpHost />
    </div>
  );
}
