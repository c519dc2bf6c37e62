"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { LoadError } from "@/components/users/ui";
import { api, qs } from "@/lib/api";
import type { ComplianceSummary } from "@/server/compliance/get-compliance-summary";
import type { TPeriod } from "./period-picker";

const BADGE = { pass: "ok", attention: "warn", fail: "bad" } as const;
const WORD = { pass: "Pass", attention: "Attention", fail: "Fail" } as const;

/** What the figures rest on: the stored days, and today's live evaluation. */
function coverage(d: ComplianceSummary["days"]): string {
  const stored = d.total - (d.today ? 1 : 0);
  const parts = [];
  if (stored > 0) parts.push(`${d.recorded} of ${stored} ${stored === 1 ? "day" : "days"} from the daily history`);
  if (d.today) parts.push("today live");
  return `Worst status on any day: ${parts.join(", ")}.`;
}

/** Compliance status per framework over the picked period (the stored daily history plus today). */
export function CompliancePanel({ period }: { period: TPeriod }) {
  const q = useQuery({
    queryKey: ["dashboard-compliance", period],
    queryFn: () => api<ComplianceSummary>(`/api/v1/dashboard/compliance${qs(period)}`),
    placeholderData: keepPreviousData,
    refetchInterval: 5 * 60_000,
  });
  return (
    <section className="panel" aria-labelledby="compliance-h" aria-busy={q.isFetching}>
      <h2 id="compliance-h">Compliance</h2>
      {q.isError && <LoadError error={q.error} retry={() => q.refetch()} />}
      {q.isPending && <p className="loading">Reading the compliance history…</p>}
      {q.data && (
        <>
          <ul className="compliance-list">
            {q.data.frameworks.map((f) => (
              <li key={f.framework}>
                <Link href={f.href}>{f.name}</Link>
                {f.status ? (
                  <span className={`badge ${BADGE[f.status]}`}>{WORD[f.status]}</span>
                ) : (
                  <span className="badge neutral">Not recorded</span>
                )}
                <span className="muted">
                  {f.pass} pass · {f.attention} attention · {f.fail} fail
                </span>
              </li>
            ))}
          </ul>
          <p className="muted small">{coverage(q.data.days)}</p>
        </>
      )}
    </section>
  );
}
