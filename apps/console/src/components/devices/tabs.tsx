import Link from "next/link";

const base = { padding: "8px 14px", borderBottom: "2px solid transparent", color: "var(--muted)", fontWeight: 600 };
const on = { ...base, borderBottomColor: "var(--brand)", color: "var(--ink)" };

export function DevicesTabs({ active, tokens }: { active: "devices" | "enrollment"; tokens: boolean }) {
  return (
    <nav
      aria-label="Devices"
      className="row"
      style={{ gap: 0, borderBottom: "1px solid var(--line)", marginBottom: 16 }}
    >
      <Link
        href="/devices"
        style={active === "devices" ? on : base}
        aria-current={active === "devices" ? "page" : undefined}
      >
        Devices
      </Link>
      {tokens && (
        <Link
          href="/devices/enrollment"
          style={active === "enrollment" ? on : base}
          aria-current={active === "enrollment" ? "page" : undefined}
        >
          Enrollment tokens
        </Link>
      )}
    </nav>
  );
}
