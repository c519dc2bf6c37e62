"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { TableWrap } from "@/components/table-wrap";
import { may, type Viewer } from "@/components/users/access";
import { LoadError, type Paged, TableSkeleton, useDebounced, When } from "@/components/users/ui";
import { api, qs } from "@/lib/api";
import type { TPolicyListItem } from "@/server/policies/list-policies";

function Reach({ a }: { a: TPolicyListItem["assignments"] }) {
  const parts = [
    a.org ? "Organisation" : null,
    a.groups ? `${a.groups} group${a.groups > 1 ? "s" : ""}` : null,
    a.devices ? `${a.devices} device${a.devices > 1 ? "s" : ""}` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(" · ") : <span className="muted">Not assigned</span>;
}

export function PoliciesList({ viewer }: { viewer: Viewer }) {
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim());
  const list = useQuery({
    queryKey: ["policies", q],
    queryFn: () => api<Paged<TPolicyListItem>>(`/api/v1/policies${qs({ q, pageSize: 200 })}`),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <div className="spread">
        <input
          type="search"
          aria-label="Search policies"
          placeholder="Search by name"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: 260 }}
        />
        <div className="row">
          <Link href="/policies/simulator" className="btn">
            Simulator
          </Link>
          {may(viewer, "settings.read") && (
            <Link href="/settings/signing-keys" className="btn">
              Signing keys
            </Link>
          )}
          {may(viewer, "policy.write") && (
            <Link href="/policies/new" className="btn primary icon-label">
              <Plus size={16} aria-hidden />
              New policy
            </Link>
          )}
        </div>
      </div>
      {list.isError && <LoadError error={list.error} retry={() => list.refetch()} />}
      <TableWrap label="Policies">
        <table aria-label="Policies">
          <thead>
            <tr>
              <th>Name</th>
              <th>Published</th>
              <th>Latest</th>
              <th>Assigned to</th>
              <th>Last change</th>
            </tr>
          </thead>
          {list.isPending ? (
            <TableSkeleton cols={5} />
          ) : (
            <tbody>
              {list.data?.items.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link href={`/policies/${p.id}`}>{p.name}</Link>
                    {p.description && <div className="muted">{p.description}</div>}
                  </td>
                  <td>
                    {p.publishedVersion ? (
                      <span className="badge ok">v{p.publishedVersion}</span>
                    ) : (
                      <span className="badge warn">Draft only</span>
                    )}
                  </td>
                  <td className="mono">v{p.latestVersion}</td>
                  <td>
                    <Reach a={p.assignments} />
                  </td>
                  <td>
                    <When iso={p.updatedAt} />
                    {p.updatedBy && <div className="muted">{p.updatedBy}</div>}
                  </td>
                </tr>
              ))}
              {list.data?.items.length === 0 && (
                <tr>
                  <td colSpan={5} className="muted">
                    {q
                      ? "No policies match this search."
                      : "No policies yet: devices enforce the secure defaults. Create one with New policy."}
                  </td>
                </tr>
              )}
            </tbody>
          )}
        </table>
      </TableWrap>
    </>
  );
}
