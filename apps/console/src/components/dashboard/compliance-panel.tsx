"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { LoadError } from "@/components/users/ui";
import { api, qs } from "@/lib/api";
import type { ComplianceSummary } from "@/server/compliance/get-compliance-summary";
import type { TDashboardRange } from "@/server/dashboard/schemas";

const BADGE = { pass: "ok", attention: "warn", fail: "bad" } as const;
const WORD = { pass: "Pass", attention: "Attention", fail: "Fail" } as const;

/** Compliance status per framework over the picked range: its own query, as evaluating controls takes longer. */
export function CompliancePanel({ range }: { range: TDashboardRange }) {
  const q = useQuery({
    queryKey: ["dashboard-compliance", range],
    queryFn: () => api<ComplianceSummary>(`/api/v1/dashboard/compliance${qs({ range })}`),
    refetchInterval: 5 * 60_000,
  });
  return (
    <section className="panel" aria-labelledby="compliance-h" aria-busy={q.isFetching}>
      <h2 id="compliance-h">Compliance</h2>
      {q.isError && <LoadError error={q.error} retry={() => q.refetch()} />}
      {q.isPending && <p className="loading">Evaluating controls…</p>}
      {q.data && (
        <ul className="compliance-list">
          {q.data.frameworks.map((f) => (
            <li key={f.framework}>
              <Link href={f.href}>{f.name}</Link>
              <span className={`badge ${BADGE[f.status]}`}>{WORD[f.status]}</span>
              <span className="muted">
                {f.pass} pass · {f.attention} attention · {f.fail} fail
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
