"use client";
import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Fragment, useState } from "react";
import { api, qs } from "@/lib/api";

interface EventView {
  id: string;
  ts: string;
  category: string;
  type: string;
  action: string | null;
  outcome: string;
  actor: { type: string; id: string | null; label: string | null };
  target: { type: string; id: string | null; label: string | null } | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  userAgent: string | null;
  sessionId: string | null;
  requestId: string | null;
  data: unknown;
  hash: string | null;
  serverSeq: number;
}

const OUTCOME_BADGE: Record<string, string> = {
  success: "ok",
  allow: "ok",
  denied: "bad",
  deny: "bad",
  failure: "warn",
};
const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;

function fmt(ts: string) {
  return new Date(ts).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}

export function AuditBrowser() {
  const router = useRouter();
  const path = usePathname();
  const sp = useSearchParams();
  const filters = {
    category: sp.get("category") ?? "",
    outcome: sp.get("outcome") ?? "",
    action: sp.get("action") ?? "",
    actor: sp.get("actor") ?? "",
  };
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const [open, setOpen] = useState<string | null>(null);
  const q = useQuery({
    queryKey: ["audit", filters, cursor],
    queryFn: () =>
      api<{ items: EventView[]; nextCursor: string | null }>(
        `/api/v1/audit-events${qs({ ...filters, cursor, limit: 50 })}`,
      ),
  });

  const setFilter = (k: string, v: string) => {
    const next = new URLSearchParams(sp.toString());
    if (v) next.set(k, v);
    else next.delete(k);
    setCursors([]);
    router.replace(`${path}?${next.toString()}`);
  };

  return (
    <>
      <form className="panel row" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <label className="row">
          Category
          <select
            aria-label="Category"
            value={filters.category}
            onChange={(e) => setFilter("category", e.target.value)}
          >
            <option value="">All</option>
            <option value="admin">Console</option>
            <option value="agent">Workstations</option>
            <option value="integrity">Integrity</option>
          </select>
        </label>
        <label className="row">
          Outcome
          <select aria-label="Outcome" value={filters.outcome} onChange={(e) => setFilter("outcome", e.target.value)}>
            <option value="">All</option>
            <option value="success">Success</option>
            <option value="failure">Failure</option>
            <option value="denied">Denied</option>
          </select>
        </label>
        <label className="row">
          Action
          <input
            aria-label="Action"
            placeholder="e.g. user.create"
            defaultValue={filters.action}
            onBlur={(e) => setFilter("action", e.target.value.trim())}
            onKeyDown={(e) => e.key === "Enter" && setFilter("action", e.currentTarget.value.trim())}
          />
        </label>
        <label className="row">
          Actor
          <input
            aria-label="Actor"
            placeholder="email"
            defaultValue={filters.actor}
            onBlur={(e) => setFilter("actor", e.target.value.trim())}
            onKeyDown={(e) => e.key === "Enter" && setFilter("actor", e.currentTarget.value.trim())}
          />
        </label>
        <span className="muted">Times in {tz}</span>
      </form>
      {q.isLoading && (
        <div className="panel" aria-busy="true">
          <div className="skeleton" />
          <div className="loading">Loading events…</div>
        </div>
      )}
      {q.isError && <div className="form-error">Could not load events: {(q.error as Error).message}</div>}
      {q.data && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Time</th>
                <th>Action</th>
                <th>Outcome</th>
                <th>Actor</th>
                <th>Target</th>
                <th>IP</th>
              </tr>
            </thead>
            <tbody>
              {q.data.items.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted">
                    No events match these filters.
                  </td>
                </tr>
              )}
              {q.data.items.map((e) => (
                <Fragment key={e.id}>
                  <tr
                    onClick={() => setOpen(open === e.id ? null : e.id)}
                    style={{ cursor: "pointer" }}
                    aria-expanded={open === e.id}
                  >
                    <td title={e.ts}>{fmt(e.ts)}</td>
                    <td className="mono">{e.action ?? e.type}</td>
                    <td>
                      <span className={`badge ${OUTCOME_BADGE[e.outcome] ?? "neutral"}`}>{e.outcome}</span>
                    </td>
                    <td>{e.actor.label ?? e.actor.type}</td>
                    <td>{e.target ? `${e.target.type}: ${e.target.label ?? e.target.id}` : ""}</td>
                    <td className="mono">{e.ip ?? ""}</td>
                  </tr>
                  {open === e.id && (
                    <tr>
                      <td colSpan={6}>
                        <EventDetail e={e} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
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

function EventDetail({ e }: { e: EventView }) {
  return (
    <div className="row" style={{ alignItems: "flex-start" }}>
      <dl style={{ margin: 0, minWidth: 320 }}>
        <dt className="muted">Event</dt>
        <dd className="mono">{e.id}</dd>
        <dt className="muted">Session</dt>
        <dd className="mono">{e.sessionId ?? "—"}</dd>
        <dt className="muted">Request</dt>
        <dd className="mono">{e.requestId ?? "—"}</dd>
        <dt className="muted">User agent</dt>
        <dd>{e.userAgent ?? "—"}</dd>
        <dt className="muted">Chain position / hash</dt>
        <dd className="mono">
          #{e.serverSeq} {e.hash?.slice(0, 16)}…
        </dd>
      </dl>
      {(e.before !== null || e.after !== null) && (
        <div style={{ flex: 1, minWidth: 280 }}>
          <div className="muted">Change</div>
          <ChangeTable before={e.before} after={e.after} />
        </div>
      )}
      {e.data !== null && (
        <div style={{ flex: 1, minWidth: 240 }}>
          <div className="muted">Details</div>
          <pre className="json">{JSON.stringify(e.data, null, 2)}</pre>
        </div>
      )}
    </div>
  );
}

function ChangeTable({ before, after }: { before: unknown; after: unknown }) {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return (
    <table>
      <thead>
        <tr>
          <th>Field</th>
          <th>Before</th>
          <th>After</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((k) => (
          <tr key={k}>
            <td>{k}</td>
            <td className="diff-before mono">{k in b ? JSON.stringify(b[k]) : ""}</td>
            <td className="diff-after mono">{k in a ? JSON.stringify(a[k]) : ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
