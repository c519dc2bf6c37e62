"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { UserPlus } from "lucide-react";
import { useState } from "react";
import { TableWrap } from "@/components/table-wrap";
import { api, qs } from "@/lib/api";
import { ROLE_LABELS, ROLES } from "@/server/auth/permissions";
import type { TUserView } from "@/server/users/present";
import { may, type Viewer } from "./access";
import { UserCells } from "./badges";
import { InviteUserDialog } from "./invite-user-dialog";
import { LoadError, type Paged, Pager, TableSkeleton, useDebounced, When } from "./ui";

const PAGE_SIZE = 25;

export function UsersList({ viewer }: { viewer: Viewer }) {
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState("");
  const [role, setRole] = useState("");
  const [page, setPage] = useState(1);
  const [inviting, setInviting] = useState(false);
  const q = useDebounced(search.trim());

  const filters = { q, status, role, page, pageSize: PAGE_SIZE };
  const list = useQuery({
    queryKey: ["users", filters],
    queryFn: () => api<Paged<TUserView>>(`/api/v1/users${qs(filters)}`),
    placeholderData: keepPreviousData,
  });

  const filter = (set: (v: string) => void) => (v: string) => {
    set(v);
    setPage(1);
  };

  return (
    <>
      <div className="spread">
        <div className="row">
          <input
            type="search"
            aria-label="Search users"
            placeholder="Search by name or email"
            value={search}
            onChange={(e) => filter(setSearch)(e.target.value)}
            style={{ width: 260 }}
          />
          <select aria-label="Status" value={status} onChange={(e) => filter(setStatus)(e.target.value)}>
            <option value="">Any status</option>
            <option value="active">Active</option>
            <option value="deactivated">Deactivated</option>
          </select>
          <select aria-label="Role" value={role} onChange={(e) => filter(setRole)(e.target.value)}>
            <option value="">Any role</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        {may(viewer, "user.create") && (
          <button type="button" className="primary icon-label" onClick={() => setInviting(true)}>
            <UserPlus size={16} aria-hidden />
            Invite user
          </button>
        )}
      </div>

      {list.isError && <LoadError error={list.error} retry={() => list.refetch()} />}

      <TableWrap label="Users">
        <table aria-label="Users" style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}>
          <thead>
            <tr>
              <th>Name</th>
              <th>Email</th>
              <th>Role</th>
              <th>Status</th>
              <th>Groups</th>
              <th>Last sign-in</th>
            </tr>
          </thead>
          {list.isPending ? (
            <TableSkeleton cols={6} />
          ) : (
            <tbody>
              {list.data?.items.map((u) => (
                <tr key={u.id}>
                  <UserCells user={u} />
                  <td>
                    {u.groups?.length ? u.groups.map((g) => g.name).join(", ") : <span className="muted">—</span>}
                  </td>
                  <td>
                    <When iso={u.lastLoginAt} />
                  </td>
                </tr>
              ))}
              {list.data?.items.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted">
                    No users match these filters. Clear the search or invite someone.
                  </td>
                </tr>
              )}
            </tbody>
          )}
        </table>
      </TableWrap>
      {list.data && <Pager page={page} pageSize={PAGE_SIZE} total={list.data.total} onPage={setPage} noun="users" />}
      {may(viewer, "user.create") && (
        <InviteUserDialog viewer={viewer} open={inviting} onClose={() => setInviting(false)} />
      )}
    </>
  );
}
