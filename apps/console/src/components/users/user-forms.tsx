"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Field, FormError, useZodForm } from "@/components/form";
import { api } from "@/lib/api";
import { ROLE_LABELS } from "@/server/auth/permissions";
import type { TUserView } from "@/server/users/present";
import { type TUpdateUser, ZUpdateUser } from "@/server/users/schemas";
import { grantableRoles, type Viewer } from "./access";

function useUpdateUser(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (data: TUpdateUser) => api<TUserView>(`/api/v1/users/${id}`, { method: "PATCH", body: data }),
    onSuccess: (u) => {
      qc.setQueryData(["user", id], u);
      void qc.invalidateQueries({ queryKey: ["users"] });
      void qc.invalidateQueries({ queryKey: ["user", id] });
    },
  });
}

export function ProfileForm({ user }: { user: TUserView }) {
  const f = useZodForm(ZUpdateUser, { name: user.name, email: user.email });
  const update = useUpdateUser(user.id);
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(null);
        void f.submit(async (data) => {
          const after = await update.mutateAsync(data);
          const asked = data.email !== undefined && data.email !== user.email && after.email !== data.email;
          setSaved(asked ? `Saved; a confirmation link was emailed to ${data.email}` : "Saved");
        });
      }}
    >
      <FormError message={f.formError} />
      <Field label="Name" name="name" value={f.values.name} error={f.errors.name} onChange={(v) => f.set("name", v)} />
      <Field
        label="Email"
        name="email"
        type="email"
        value={f.values.email}
        error={f.errors.email}
        onChange={(v) => f.set("email", v)}
      />
      <p className="muted" style={{ marginTop: 0 }}>
        {user.invitePending
          ? "The invitation moves to the new email."
          : "A new email takes effect once the person opens the confirmation link sent to it; they are then signed out everywhere."}
      </p>
      {user.pendingEmail && (
        <p className="notice" role="status">
          Waiting for <strong>{user.pendingEmail}</strong> to confirm the change.
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={f.pending}>
          {f.pending ? "Saving…" : "Save profile"}
        </button>
        {saved && <span role="status">{saved}</span>}
      </div>
    </form>
  );
}

export function RoleForm({ user, viewer }: { user: TUserView; viewer: Viewer }) {
  const f = useZodForm(ZUpdateUser, { role: user.role });
  const update = useUpdateUser(user.id);
  const roles = grantableRoles(viewer);
  const [saved, setSaved] = useState(false);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        void f.submit(async (data) => {
          await update.mutateAsync({ role: data.role });
          setSaved(true);
        });
      }}
    >
      <FormError message={f.formError} />
      <Field label="Role" name="role" error={f.errors.role}>
        <select
          id="f-role"
          value={String(f.values.role)}
          aria-invalid={f.errors.role ? true : undefined}
          onChange={(e) => f.set("role", e.target.value)}
        >
          {!roles.includes(user.role) && <option value={user.role}>{ROLE_LABELS[user.role]}</option>}
          {roles.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </Field>
      <p className="muted" style={{ marginTop: 0 }}>
        A new role applies from the user's next request.
      </p>
      <div className="row">
        <button type="submit" disabled={f.pending || f.values.role === user.role}>
          {f.pending ? "Saving…" : "Change role"}
        </button>
        {saved && <span role="status">Role changed</span>}
      </div>
    </form>
  );
}
