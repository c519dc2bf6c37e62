"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { LoadError } from "@/components/users/ui";
import { api } from "@/lib/api";
import type { TDashboardApprovals } from "@/server/dashboard/get-dashboard-approvals";
import { Figure } from "./figure";

/** "3 h 20 min", "12 min", "40 s": how long something has waited. */
export function waited(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} days`;
}

/** Approval requests waiting for a decision now (whatever the period), linked to the approvals list. */
export function ApprovalsPanel() {
  const q = useQuery({
    queryKey: ["dashboard-approvals"],
    queryFn: () => api<TDashboardApprovals>("/api/v1/dashboard/approvals"),
    refetchInterval: 30_000,
  });
  const d = q.data;
  return (
    <section className="panel" aria-labelledby="approvals-h" aria-busy={q.isFetching}>
      <h2 id="approvals-h">Pending approvals</h2>
      {q.isError && <LoadError error={q.error} retry={() => q.refetch()} />}
      {q.isPending && <p className="loading">Loading approval requests…</p>}
      {d && (
        <div className="grid-cards">
          <Figure
            label="Waiting for a decision"
            value={d.pending.toLocaleString()}
            href="/approvals"
            tone={d.pending ? "warn" : undefined}
          />
          <Figure
            label="Oldest waiting"
            value={d.oldest ? waited(Date.now() - Date.parse(d.oldest.createdAt)) : "—"}
            href={d.oldest ? "/approvals" : null}
            sub={
              d.oldest
                ? `${d.oldest.localUser} on ${d.oldest.hostname}: ${d.oldest.action.replaceAll("_", " ")}${d.oldest.packages.length ? ` ${d.oldest.packages.join(", ")}` : ""}`
                : "none"
            }
          />
        </div>
      )}
      <p>
        <Link href="/approvals">Open the approvals list</Link>
      </p>
    </section>
  );
}
