import Link from "next/link";
import type { ReactNode } from "react";

/** A not-found or error message with a way back: the same shape inside the console frame and outside it. */
export function StatusPage({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="status-page" aria-labelledby="status-title">
      <h1 id="status-title">{title}</h1>
      <div className="muted">{children}</div>
      <div className="row status-actions">
        {actions}
        <Link href="/" className="btn primary">
          Back to the dashboard
        </Link>
      </div>
    </section>
  );
}
