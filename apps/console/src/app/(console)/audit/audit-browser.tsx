"use client";
import { useQuery } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Fragment, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { StepUpDownload } from "@/components/step-up/step-up-download";
import { TableWrap } from "@/components/table-wrap";
import { ApiError, api, qs } from "@/lib/api";
import { AuditFilters, FILTER_KEYS, type Filters } from "./audit-filters";
import { EventDetail } from "./event-detail";
import { IntegrityBadge } from "./integrity-badge";
import { RowSummary } from "./row-summary";

interface EventView {
  id: string;
  ts: string;
  category: string;
  type: string;
  action: string | null;
  outcome: string;
  actor: { type: string; id: string | null; label: string | null };
  target: { type: string; id: string | null; label: string | null } | null;
  subject: string | null;
  command: string | null;
  packages: string[];
  services: string[];
  decision: { decision?: string; rule?: string } | null;
  ip: string | null;
}

const OUTCOME_BADGE: Record<string, string> = {
  success: "ok",
  allow: "ok",
  denied: "bad",
  deny: "bad",
  failure: "warn",
  require_approval: "warn",
  require_mfa: "warn",
};
const noSubscribe = () => () => {};
/**
 * The viewer's timezone. Only the browser knows it: the server render (and so hydration) has none,
 * which keeps the server's own zone out of the HTML and the hydrated text equal to it.
 */
function useViewerTimeZone(): string | null {
  return useSyncExternalStore(
    noSubscribe,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    () => null,
  );
}

function fmt(ts: string) {
  return new Date(ts).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}

/**
 * The audit log: filters in the URL (shareable, back/forward work), keyset pages (stable while
 * events arrive), an event's detail (?event=<id>), export of the current filter, integrity badge.
 */
export function AuditBrowser() {
  const router = useRouter();
  const path = usePathname();
  const tz = useViewerTimeZone();
  const sp = useSearchParams();
  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, sp.get(k) ?? ""])) as Filters;
  const open = sp.get("event");
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  // An inverted range is said next to the dates; asking the server would only repeat it.
  const inverted = Boolean(filters.from && filters.to && Date.parse(filters.from) > Date.parse(filters.to));
  const q = useQuery({
    enabled: !inverted,
    queryKey: ["audit", filters, cursor],
    queryFn: () =>
      api<{ items: EventView[]; nextCursor: string | null }>(
        `/api/v1/audit-events${qs({ ...filters, cursor, limit: 50 })}`,
      ),
  });

  // The URL the last change asked for, until the router has made it current: two changes in quick
  // succession (a text filter's blur, then a select) must build on each other, not both on the
  // URL as it was before the first.
  const current = sp.toString();
  const pending = useRef<string | null>(null);
  useEffect(() => {
    if (pending.current === current) pending.current = null;
  }, [current]);
  const params = () => new URLSearchParams(pending.current ?? current);
  const navigate = (next: URLSearchParams) => {
    pending.current = next.toString();
    router.replace(`${path}?${pending.current}`);
  };
  const setFilter = (k: string, v: string) => {
    const next = params();
    if (v) next.set(k, v);
    else next.delete(k);
    next.delete("event");
    setCursors([]);
    navigate(next);
  };
  const clearFilters = () => {
    setCursors([]);
    navigate(new URLSearchParams());
  };
  const setOpen = (id: string | null) => {
    const next = params();
    if (id) next.set("event", id);
    else next.delete("event");
    navigate(next);
  };
  const exportHref = (format: string) => `/api/v1/audit-events/export${qs({ ...filters, format })}`;

  return (
    <>
      <IntegrityBadge onOpen={(id) => setOpen(id)} />
      <AuditFilters f={filters} set={setFilter} clear={clearFilters} tz={tz} />
      <section className="row" aria-label="Export">
        <span className="muted">Export these events:</span>
        {(["csv", "json", "ndjson"] as const).map((f) => (
          <StepUpDownload key={f} className="btn icon-label" href={exportHref(f)} what="export the audit trail">
            <Download size={14} aria-hidden />
            {f.toUpperCase()}
          </StepUpDownload>
        ))}
      </section>
      {q.isLoading && (
        <div className="panel" aria-busy="true">
          <div className="skeleton" />
          <div className="loading">Loading events…</div>
        </div>
      )}
      {q.isError && (
        <div className="form-error" role="alert">
          {/* a hand-edited URL: the fields' own messages ("From must be a date and time ...") */}
          Could not load events:{" "}
          {q.error instanceof ApiError && q.error.fields.length
            ? q.error.fields.map((x) => x.message).join("; ")
            : (q.error as Error).message}
        </div>
      )}
      {q.data && (
        <TableWrap label="Audit events">
          <table aria-label="Audit events">
            <thead>
              <tr>
                <th>Time{tz && ` (${tz})`}</th>
                <th>Event</th>
                <th>Outcome</th>
                <th>User / actor</th>
                <th>Command / target</th>
                <th>IP</th>
              </tr>
            </thead>
            <tbody>
              {q.data.items.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted">
                    No events match these filters. Widen the dates or clear the filters.
                  </td>
                </tr>
              )}
              {q.data.items.map((e) => (
                <Fragment key={e.id}>
                  <tr onClick={() => setOpen(open === e.id ? null : e.id)} style={{ cursor: "pointer" }}>
                    <td title={e.ts}>
                      {/* The row opens on a click anywhere; this button is the keyboard's way in. */}
                      <button
                        type="button"
                        className="link"
                        aria-expanded={open === e.id}
                        onClick={(ev) => {
                          ev.stopPropagation();
                          setOpen(open === e.id ? null : e.id);
                        }}
                      >
                        {fmt(e.ts)}
                      </button>
                    </td>
                    <td className="mono">{e.category === "admin" ? (e.action ?? e.type) : e.type}</td>
                    <td>
                      <span className={`badge ${OUTCOME_BADGE[e.outcome] ?? "neutral"}`}>{e.outcome}</span>
                    </td>
                    <td>
                      {e.subject ?? e.actor.label ?? e.actor.type}
                      {e.category !== "admin" && e.actor.label ? (
                        <span className="muted"> @ {e.actor.label}</span>
                      ) : null}
                    </td>
                    <td>
                      <RowSummary e={e} />
                    </td>
                    <td className="mono">{e.ip ?? ""}</td>
                  </tr>
                  {open === e.id && (
                    <tr>
                      <td colSpan={6}>
                        <EventDetail id={e.id} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {open && !q.data?.items.some((e) => e.id === open) && (
        <div className="panel">
          <button type="button" onClick={() => setOpen(null)}>
            Close
          </button>
          <EventDetail id={open} />
        </div>
      )}
      <div className="pager">
        <button type="button" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Newer
        </button>
        <button
          type="button"
          disabled={!q.data?.nextCursor}
          onClick={() => q.data?.nextCursor && setCursors((c) => [...c, q.data.nextCursor!])}
        >
          Older
        </button>
      </div>
    </>
  );
}
