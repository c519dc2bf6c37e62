"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { api } from "@/lib/api";
import type { TGroupView } from "@/server/groups/present";
import type { TUserView } from "@/server/users/present";
import { may, type Viewer } from "./access";
import type { Paged } from "./ui";

/** The user's group memberships; adding and removing go through the group membership endpoints. */
export function UserGroups({ user, viewer }: { user: TUserView; viewer: Viewer }) {
  const qc = useQueryClient();
  const manage = may(viewer, "group.member.manage");
  const [pick, setPick] = useState("");
  const groups = useQuery({
    queryKey: ["groups", { all: true }],
    queryFn: () => api<Paged<TGroupView>>("/api/v1/groups?pageSize=200"),
    enabled: manage,
  });
  const done = () => {
    void qc.invalidateQueries({ queryKey: ["user", user.id] });
    void qc.invalidateQueries({ queryKey: ["users"] });
    void qc.invalidateQueries({ queryKey: ["groups"] });
    void qc.invalidateQueries({ queryKey: ["group-members"] });
  };
  const add = useMutation({
    mutationFn: (groupId: string) =>
      api(`/api/v1/groups/${groupId}/members`, { method: "POST", body: { userId: user.id } }),
    onSuccess: () => {
      setPick("");
      done();
    },
  });
  const remove = useMutation({
    mutationFn: (groupId: string) => api(`/api/v1/groups/${groupId}/members/${user.id}`, { method: "DELETE" }),
    onSuccess: done,
  });
  const mine = user.groups ?? [];
  const available = groups.data?.items.filter((g) => !mine.some((m) => m.id === g.id)) ?? [];
  const error = add.error ?? remove.error;

  return (
    <section className="panel" aria-labelledby="groups-h">
      <h2 id="groups-h">Groups</h2>
      {error && (
        <div className="form-error" role="alert">
          {error.message}
        </div>
      )}
      {mine.length === 0 ? (
        <p className="muted">Not a member of any group.</p>
      ) : (
        <ul aria-label="Group memberships" style={{ listStyle: "none", padding: 0, margin: "0 0 12px" }}>
          {mine.map((g) => (
            <li
              key={g.id}
              className="spread"
              style={{ marginBottom: 6, borderBottom: "1px solid var(--line)", paddingBottom: 6 }}
            >
              <Link href={`/users/groups/${g.id}`}>{g.name}</Link>
              {manage && (
                <button
                  type="button"
                  className="danger"
                  aria-label={`Remove from ${g.name}`}
                  disabled={remove.isPending}
                  onClick={() => remove.mutate(g.id)}
                >
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {manage && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (pick) add.mutate(pick);
          }}
        >
          <label htmlFor="add-group" className="row" style={{ gap: 6 }}>
            <span>Add to group</span>
            <select id="add-group" value={pick} onChange={(e) => setPick(e.target.value)} disabled={groups.isPending}>
              <option value="">{groups.isPending ? "Loading groups…" : "Choose a group"}</option>
              {available.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={!pick || add.isPending}>
            {add.isPending ? "Adding…" : "Add"}
          </button>
        </form>
      )}
    </section>
  );
}
