"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field, FormError, useZodForm } from "@/components/form";
import { may, type Viewer } from "@/components/users/access";
import { Confirm, LoadError } from "@/components/users/ui";
import { ApiError, api } from "@/lib/api";
import type { TGroupView } from "@/server/groups/present";
import { type TUpdateGroup, ZUpdateGroup } from "@/server/groups/schemas";
import { GroupMembers } from "./group-members";

export function GroupDetail({ id, viewer }: { id: string; viewer: Viewer }) {
  const q = useQuery({
    queryKey: ["group", id],
    queryFn: () => api<TGroupView>(`/api/v1/groups/${encodeURIComponent(id)}`),
  });
  const back = (
    <p>
      <Link href="/users/groups">← All groups</Link>
    </p>
  );
  if (q.isPending) {
    return (
      <>
        {back}
        <div className="loading" aria-busy="true">
          Loading group…
        </div>
      </>
    );
  }
  if (q.isError) {
    return (
      <>
        {back}
        <h1>Group</h1>
        <LoadError
          error={q.error}
          retry={q.error instanceof ApiError && q.error.status === 404 ? undefined : () => q.refetch()}
        />
      </>
    );
  }
  const g = q.data;
  return (
    <>
      {back}
      <div className="spread">
        <div>
          <h1 style={{ marginBottom: 4 }}>{g.name}</h1>
          <div className="muted">
            {g.description || "No description"} · {g.memberCount} {g.memberCount === 1 ? "member" : "members"}
          </div>
        </div>
        {may(viewer, "group.delete") && <DeleteGroup group={g} />}
      </div>
      {may(viewer, "group.update") && (
        <section className="panel" aria-labelledby="group-edit-h">
          <h2 id="group-edit-h">Details</h2>
          <GroupForm key={g.id} group={g} />
        </section>
      )}
      <GroupMembers group={g} viewer={viewer} />
    </>
  );
}

function GroupForm({ group }: { group: TGroupView }) {
  const qc = useQueryClient();
  const f = useZodForm(ZUpdateGroup, { name: group.name, description: group.description });
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (data: TUpdateGroup) => api<TGroupView>(`/api/v1/groups/${group.id}`, { method: "PATCH", body: data }),
    onSuccess: (g) => {
      qc.setQueryData(["group", group.id], g);
      void qc.invalidateQueries({ queryKey: ["groups"] });
    },
  });
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        void f.submit(async (data) => {
          await save.mutateAsync(data);
          setSaved(true);
        });
      }}
    >
      <FormError message={f.formError} />
      <div style={{ display: "grid", gridTemplateColumns: "1fr 2fr", gap: 12 }}>
        <Field
          label="Group name"
          name="name"
          value={f.values.name}
          error={f.errors.name}
          onChange={(v) => f.set("name", v)}
        />
        <Field
          label="Description"
          name="description"
          value={f.values.description}
          error={f.errors.description}
          onChange={(v) => f.set("description", v)}
        />
      </div>
      <div className="row">
        <button type="submit" className="primary" disabled={f.pending}>
          {f.pending ? "Saving…" : "Save group"}
        </button>
        {saved && <span role="status">Saved</span>}
      </div>
    </form>
  );
}

function DeleteGroup({ group }: { group: TGroupView }) {
  const router = useRouter();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const del = useMutation({
    mutationFn: () => api(`/api/v1/groups/${group.id}`, { method: "DELETE" }),
    onSuccess: () => {
      qc.removeQueries({ queryKey: ["group", group.id] });
      void qc.invalidateQueries({ queryKey: ["groups"] });
      void qc.invalidateQueries({ queryKey: ["users"] });
      router.push("/users/groups");
    },
  });
  return (
    <>
      <button
        type="button"
        className="danger"
        onClick={() => {
          del.reset();
          setOpen(true);
        }}
      >
        Delete group
      </button>
      <Confirm
        open={open}
        title={`Delete ${group.name}?`}
        confirmLabel="Delete group"
        danger
        pending={del.isPending}
        error={del.error?.message}
        onConfirm={() => del.mutate()}
        onClose={() => setOpen(false)}
      >
        <p>
          The group and its {group.memberCount} {group.memberCount === 1 ? "membership" : "memberships"} are removed.
          The users themselves are not deleted. This cannot be undone.
        </p>
      </Confirm>
    </>
  );
}
