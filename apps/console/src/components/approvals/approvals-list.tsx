"use client";
import { ACTIONS } from "@luminous/policy";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { TableWrap } from "@/components/table-wrap";
import { LoadError, type Paged, Pager, TableSkeleton, useDebounced, When } from "@/components/users/ui";
import { api, qs } from "@/lib/api";
import type { TPresentedRequest } from "@/server/approvals/present";
import { ApprovalStatusBadge, actionText, KindBadge } from "./badges";
import { type ApprovalView, ApprovalViewTabs } from "./view-tabs";

const PAGE_SIZE = 25;

type Inbox = Paged<TPresentedRequest> & { pending: number; openReviews: number };

const EMPTY: Record<ApprovalView, string> = {
  pending: "Nothing waits for a decision.",
  reviews: "No break-glass action waits for a review.",
  decided: "No request has been decided yet.",
  expired: "No request has expired.",
  break_glass: "No break-glass action has been recorded.",
  all: "No approval requests yet: they appear when a workstation asks for an action its policy sends for approval.",
};

/** The day after a yyyy-mm-dd date: "to" includes the whole day picked. */
const dayAfter = (d: string) => (d ? new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString() : undefined);

export function ApprovalsList({ view }: { view: ApprovalView }) {
  const [user, setUser] = useState("");
  const [host, setHost] = useState("");
  const [action, setAction] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [page, setPage] = useState(1);
  const debouncedUser = useDebounced(user.trim());
  const debouncedHost = useDebounced(host.trim());
  const filters = {
    status: view,
    user: debouncedUser,
    host: debouncedHost,
    action,
    from: from ? `${from}T00:00:00Z` : undefined,
    to: dayAfter(to),
    page,
    pageSize: PAGE_SIZE,
  };
  const list = useQuery({
    queryKey: ["approvals", filters],
    queryFn: () => api<Inbox>(`/api/v1/approvals${qs(filters)}`),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
  const set = (f: (v: string) => void) => (e: { target: { value: string } }) => {
    f(e.target.value);
    setPage(1);
  };
  const filtered = Boolean(user || host || action || from || to);
  return (
    <>
      <ApprovalViewTabs active={view} counts={{ pending: list.data?.pending, reviews: list.data?.openReviews }} />
      <div className="row wrap" style={{ marginBottom: 12 }}>
        <input
          type="search"
          aria-label="Requester"
          placeholder="Requester (workstation user)"
          value={user}
          onChange={set(setUser)}
        />
        <input type="search" aria-label="Device" placeholder="Device hostname" value={host} onChange={set(setHost)} />
        <select aria-label="Action" value={action} onChange={set(setAction)}>
          <option value="">Any action</option>
          {ACTIONS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
        <label className="row small" style={{ gap: 4 }}>
          From <input type="date" value={from} onChange={set(setFrom)} />
        </label>
        <label className="row small" style={{ gap: 4 }}>
          To <input type="date" value={to} onChange={set(setTo)} />
        </label>
      </div>
      {list.isError && <LoadError error={list.error} retry={() => list.refetch()} />}
      <TableWrap label="Approval requests">
        <table aria-label="Approval requests" style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}>
          <thead>
            <tr>
              <th>Action</th>
              <th>Requester</th>
              <th>Device</th>
              <th>Kind</th>
              <th>Status</th>
              <th>Asked</th>
            </tr>
          </thead>
          {list.isPending ? (
            <TableSkeleton cols={6} />
          ) : (
            <tbody>
              {list.data?.items.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link href={`/approvals/${r.id}`}>{actionText(r)}</Link>
                    {r.review && !r.review.closedAt && (
                      <span className="badge warn" style={{ marginLeft: 6 }}>
                        review open
                      </span>
                    )}
                  </td>
                  <td>{r.user}</td>
                  <td>{r.hostname ?? "—"}</td>
                  <td>
                    <KindBadge kind={r.kind} />
                  </td>
                  <td>
                    <ApprovalStatusBadge status={r.status} />
                  </td>
                  <td>
                    <When iso={r.createdAt} />
                  </td>
                </tr>
              ))}
              {list.data?.items.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted">
                    {filtered ? "No requests match these filters." : EMPTY[view]}
                  </td>
                </tr>
              )}
            </tbody>
          )}
        </table>
      </TableWrap>
      {list.data && <Pager page={page} pageSize={PAGE_SIZE} total={list.data.total} onPage={setPage} noun="requests" />}
    </>
  );
}
