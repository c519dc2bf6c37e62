"use client";
import { FRAMEWORK_NAMES, FRAMEWORKS } from "@luminous/compliance/catalogue";
import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Fragment, useState } from "react";
import { StepUpDownload } from "@/components/step-up/step-up-download";
import { TableWrap } from "@/components/table-wrap";
import { api, qs } from "@/lib/api";
import { ControlDetail } from "./control-detail";
import { KeptReports } from "./kept-reports";
import { type ReportView, STATUS_BADGE, STATUS_LABEL } from "./types";

const DAY = 86_400_000;
const dateOnly = (d: Date) => d.toISOString().slice(0, 10);

/** Default period: the last 90 days up to tomorrow (UTC), so today's events are in it. */
function defaults() {
  const to = new Date(Date.now() + DAY);
  return { framework: "soc2", from: dateOnly(new Date(to.getTime() - 90 * DAY)), to: dateOnly(to) };
}

/**
 * The Compliance page: framework and period in the URL, the controls with their status, a
 * control's evidence and exceptions on demand, and the downloads (report files, evidence package).
 */
export function CompliancePanel({ canExport }: { canExport: boolean }) {
  const router = useRouter();
  const path = usePathname();
  const sp = useSearchParams();
  const d = defaults();
  const framework = sp.get("framework") ?? d.framework;
  const from = sp.get("from") ?? d.from;
  const to = sp.get("to") ?? d.to;
  const [open, setOpen] = useState<string | null>(null);
  const query = { framework, from, to };
  const q = useQuery({
    queryKey: ["compliance", query],
    queryFn: () => api<ReportView>(`/api/v1/compliance/report${qs(query)}`),
  });
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(sp.toString());
    next.set(k, v);
    router.replace(`${path}?${next}`);
  };
  const download = (format: string) => `/api/v1/compliance/report/export${qs({ ...query, format })}`;

  return (
    <>
      <section className="row wrap" aria-label="Report">
        <label>
          Framework{" "}
          <select value={framework} onChange={(e) => set("framework", e.target.value)}>
            {FRAMEWORKS.map((f) => (
              <option key={f} value={f}>
                {FRAMEWORK_NAMES[f]}
              </option>
            ))}
          </select>
        </label>
        <label>
          From{" "}
          <input
            type="date"
            value={from.slice(0, 10)}
            onChange={(e) => e.target.value && set("from", e.target.value)}
          />
        </label>
        <label>
          To (exclusive){" "}
          <input type="date" value={to.slice(0, 10)} onChange={(e) => e.target.value && set("to", e.target.value)} />
        </label>
      </section>
      {canExport && (
        <section className="row wrap" aria-label="Downloads">
          <span className="muted">Download:</span>
          {(["pdf", "csv", "json"] as const).map((f) => (
            <a key={f} className="btn" href={download(f)} download>
              {f.toUpperCase()}
            </a>
          ))}
          <StepUpDownload
            className="btn"
            href={`/api/v1/compliance/package${qs(query)}`}
            what="download an evidence package with the audit trail"
          >
            Evidence package (zip)
          </StepUpDownload>
        </section>
      )}
      {q.isLoading && <div className="loading">Computing the controls…</div>}
      {q.isError && <div className="form-error">Could not compute the report: {(q.error as Error).message}</div>}
      {q.data && (
        <>
          <p className="summary">
            {q.data.summary.pass} pass, {q.data.summary.attention} attention, {q.data.summary.fail} fail over{" "}
            {q.data.summary.events} audit events.
          </p>
          <TableWrap label="Controls" wide>
            <table aria-label="Controls">
              <thead>
                <tr>
                  <th>Control</th>
                  <th>Status</th>
                  <th>Population</th>
                  <th>Exceptions</th>
                  <th>Owner</th>
                </tr>
              </thead>
              <tbody>
                {q.data.controls.map((c) => (
                  <Fragment key={c.id}>
                    <tr>
                      <td>
                        <button
                          type="button"
                          className="link"
                          aria-expanded={open === c.id}
                          onClick={() => setOpen(open === c.id ? null : c.id)}
                        >
                          {c.ref} {c.title}
                        </button>
                        {c.legacyRefs.length > 0 && <span className="muted"> (2013: {c.legacyRefs.join(", ")})</span>}
                      </td>
                      <td>
                        <span className={`badge ${STATUS_BADGE[c.status]}`}>{STATUS_LABEL[c.status]}</span>
                      </td>
                      <td>{c.population}</td>
                      <td>{c.exceptionCount}</td>
                      <td>{c.owner}</td>
                    </tr>
                    {open === c.id && (
                      <tr>
                        <td colSpan={5}>
                          <ControlDetail c={c} period={q.data.period} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
      <KeptReports canExport={canExport} current={query} />
    </>
  );
}
