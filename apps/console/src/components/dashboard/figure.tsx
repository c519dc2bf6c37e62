import Link from "next/link";
import type { ReactNode } from "react";

/** One headline number; a link to what is behind it when the viewer may open that. */
export function Figure({
  label,
  value,
  href,
  sub,
  tone,
}: {
  label: string;
  value: ReactNode;
  href?: string | null;
  sub?: ReactNode;
  tone?: "bad" | "warn";
}) {
  const n = <span className={`n${tone ? ` tone-${tone}` : ""}`}>{value}</span>;
  return (
    <div className="card figure">
      <div className="l">{label}</div>
      {href ? (
        <Link
          href={href}
          className="figure-link"
          aria-label={`${label}: ${typeof value === "string" || typeof value === "number" ? value : ""}`}
        >
          {n}
        </Link>
      ) : (
        n
      )}
      {sub && <div className="muted">{sub}</div>}
    </div>
  );
}

export function FigureSkeleton({ count }: { count: number }) {
  return (
    <div className="grid-cards" aria-hidden="true">
      {Array.from({ length: count }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <div className="card" key={i}>
          <div className="skeleton" style={{ width: "60%" }} />
          <div className="skeleton" style={{ width: "40%", height: 26, marginTop: 10 }} />
        </div>
      ))}
    </div>
  );
}
