"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { TableWrap } from "@/components/table-wrap";
import { may, type Viewer } from "@/components/users/access";
import { UserCells } from "@/components/users/badges";
import { LoadError, type Paged, TableSkeleton, useDebounced, When } from "@/components/users/ui";
import { api, qs } from "@/lib/api";
import type { TGroupView } from "@/server/groups/present";
import type { TUserView } from "@/server/users/present";

type Member = TUserView & { addedAt: string };

export function GroupMembers({ group, viewer }: { group: TGroupView; viewer: Viewer }) {
  const qc = useQueryClient();
  const manage = may(viewer, "group.member.manage");
  const members = useQuery({
    queryKey: ["group-members", group.id],
    queryFn: () => api<{ items: Member[] }>(`/api/v1/groups/${group.id}/members`),
  });
  const done = () => {
    void qc.invalidateQueries({ queryKey: ["group-members", group.id] });
    void qc.invalidateQueries({ queryKey: ["group", group.id] });
    void qc.invalidateQueries({ queryKey: ["groups"] });
    void qc.invalidateQueries({ queryKey: ["users"] });
    void qc.invalidateQueries({ queryKey: ["user"] });
  };
  const add = useMutation({
    mutationFn: (userId: string) => api(`/api/v1/groups/${group.id}/members`, { method: "POST", body: { userId } }),
    onSuccess: done,
  });
  const remove = useMutation({
    mutationFn: (userId: string) => api(`/api/v1/groups/${group.id}/members/${userId}`, { method: "DELETE" }),
    onSuccess: done,
  });
  const error = add.error ?? remove.error;
  const memberIds = new Set(members.data?.items.map((m) => m.id));

  return (
    <section className="panel" aria-labelledby="members-h">
      <h2 id="members-h">Members</h2>
      {error && (
        <div className="form-error" role="alert">
          {error.message}
        </div>
      )}
      {manage && <UserPicker exclude={memberIds} pending={add.isPending} onPick={(id) => add.mutate(id)} />}
      {members.isError && <LoadError error={members.error} retry={() => members.refetch()} />}
      <TableWrap label="Members">
        <table aria-label="Members">
          <thead>
            <tr>
              <th>Name</th>
              <th>Email</th>
              <th>Role</th>
              <th>Status</th>
              <th>Added</th>
              {manage && <th aria-label="Actions" />}
            </tr>
          </thead>
          {members.isPending ? (
            <TableSkeleton cols={manage ? 6 : 5} rows={3} />
          ) : (
            <tbody>
              {members.data?.items.map((m) => (
                <tr key={m.id}>
                  <UserCells user={m} />
                  <td>
                    <When iso={m.addedAt} />
                  </td>
                  {manage && (
                    <td style={{ textAlign: "right" }}>
                      <button
                        type="button"
                        className="danger"
                        aria-label={`Remove ${m.name}`}
                        disabled={remove.isPending}
                        onClick={() => remove.mutate(m.id)}
                      >
                        Remove
                      </button>
                    </td>
                  )}
                </tr>
              ))}
              {members.data?.items.length === 0 && (
                <tr>
                  <td colSpan={manage ? 6 : 5} className="muted">
                    No members yet. Search for a user below to add them.
                  </td>
                </tr>
              )}
            </tbody>
          )}
        </table>
      </TableWrap>
    </section>
  );
}

/** Searches the org's users by name or email; each hit has its own "Add" button. */
function UserPicker({
  exclude,
  pending,
  onPick,
}: {
  exclude: Set<string>;
  pending: boolean;
  onPick: (id: string) => void;
}) {
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim());
  const hits = useQuery({
    queryKey: ["users", { q, pageSize: 8, picker: true }],
    queryFn: () => api<Paged<TUserView>>(`/api/v1/users${qs({ q, pageSize: 8, status: "active" })}`),
    enabled: q.length > 0,
  });
  const shown = hits.data?.items.filter((u) => !exclude.has(u.id)) ?? [];
  return (
    <div style={{ marginBottom: 12 }}>
      <label className="field" htmlFor="member-search" style={{ marginBottom: 6 }}>
        <span>Add member</span>
        <input
          id="member-search"
          type="search"
          placeholder="Search users by name or email"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ maxWidth: 360 }}
        />
      </label>
      {q && (
        <ul aria-label="Matching users" style={{ listStyle: "none", padding: 0, margin: 0, maxWidth: 560 }}>
          {hits.isFetching && !hits.data && <li className="loading">Searching…</li>}
          {hits.isError && <li className="field-error">{hits.error.message}</li>}
          {hits.data && shown.length === 0 && <li className="muted">No users to add match “{q}”.</li>}
          {shown.map((u) => (
            <li key={u.id} className="spread" style={{ marginBottom: 4 }}>
              <span>
                {u.name} <span className="muted mono">{u.email}</span>
              </span>
              <button type="button" aria-label={`Add ${u.name}`} disabled={pending} onClick={() => onPick(u.id)}>
                Add
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
