import Link from "next/link";

const base = { padding: "8px 14px", borderBottom: "2px solid transparent", color: "var(--muted)", fontWeight: 600 };
const on = { ...base, borderBottomColor: "var(--brand)", color: "var(--ink)" };

/** Users | Groups: both live under /users so the "Users & groups" navigation entry stays lit. */
export function UsersTabs({ active }: { active: "users" | "groups" }) {
  const tab = (key: "users" | "groups", href: string, label: string) => (
    <Link href={href} style={active === key ? on : base} aria-current={active === key ? "page" : undefined}>
      {label}
    </Link>
  );
  return (
    <nav
      aria-label="Users and groups"
      className="row"
      style={{ gap: 0, borderBottom: "1px solid var(--line)", marginBottom: 16 }}
    >
      {tab("users", "/users", "Users")}
      {tab("groups", "/users/groups", "Groups")}
    </nav>
  );
}
