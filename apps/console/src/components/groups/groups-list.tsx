"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { TableWrap } from "@/components/table-wrap";
import { may, type Viewer } from "@/components/users/access";
import { LoadError, type Paged, Pager, TableSkeleton, useDebounced } from "@/components/users/ui";
import { api, qs } from "@/lib/api";
import type { TGroupView } from "@/server/groups/present";
import { CreateGroupDialog } from "./create-group-dialog";

const PAGE_SIZE = 25;

export function GroupsList({ viewer }: { viewer: Viewer }) {
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const q = useDebounced(search.trim());
  const filters = { q, page, pageSize: PAGE_SIZE };
  const list = useQuery({
    queryKey: ["groups", filters],
    queryFn: () => api<Paged<TGroupView>>(`/api/v1/groups${qs(filters)}`),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <div className="spread">
        <input
          type="search"
          aria-label="Search groups"
          placeholder="Search by name"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(1);
          }}
          style={{ width: 260 }}
        />
        {may(viewer, "group.create") && (
          <button type="button" className="primary icon-label" onClick={() => setCreating(true)}>
            <Plus size={16} aria-hidden />
            Create group
          </button>
        )}
      </div>
      {list.isError && <LoadError error={list.error} retry={() => list.refetch()} />}
      <TableWrap label="Groups">
        <table aria-label="Groups" style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}>
          <thead>
            <tr>
              <th>Name</th>
              <th>Description</th>
              <th>Members</th>
              <th>Source</th>
            </tr>
          </thead>
          {list.isPending ? (
            <TableSkeleton cols={4} />
          ) : (
            <tbody>
              {list.data?.items.map((g) => (
                <tr key={g.id}>
                  <td>
                    <Link href={`/users/groups/${g.id}`}>{g.name}</Link>
                  </td>
                  <td>{g.description || <span className="muted">—</span>}</td>
                  <td>{g.memberCount}</td>
                  <td>
                    <span className="badge neutral">{g.source === "local" ? "Console" : g.source}</span>
                  </td>
                </tr>
              ))}
              {list.data?.items.length === 0 && (
                <tr>
                  <td colSpan={4} className="muted">
                    {q
                      ? "No groups match this search."
                      : "No groups yet. Create one to assign policies and roles to several people at once."}
                  </td>
                </tr>
              )}
            </tbody>
          )}
        </table>
      </TableWrap>
      {list.data && <Pager page={page} pageSize={PAGE_SIZE} total={list.data.total} onPage={setPage} noun="groups" />}
      {may(viewer, "group.create") && <CreateGroupDialog open={creating} onClose={() => setCreating(false)} />}
    </>
  );
}
