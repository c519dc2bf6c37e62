"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Field, FormError, useZodForm } from "@/components/form";
import { api } from "@/lib/api";
import { ROLE_LABELS } from "@/server/auth/permissions";
import type { TGroupView } from "@/server/groups/present";
import type { TUserView } from "@/server/users/present";
import { type TCreateUser, ZCreateUser } from "@/server/users/schemas";
import { grantableRoles, type Viewer } from "./access";
import { Modal, type Paged } from "./ui";

export function InviteUserDialog({ viewer, open, onClose }: { viewer: Viewer; open: boolean; onClose: () => void }) {
  const [link, setLink] = useState<string | null>(null);
  const close = () => {
    setLink(null);
    onClose();
  };
  return (
    <Modal open={open} onClose={close} title="Invite user">
      {link ? (
        <InviteLink url={link} onDone={close} />
      ) : (
        <InviteForm viewer={viewer} onInvited={setLink} onCancel={close} />
      )}
    </Modal>
  );
}

function InviteForm({
  viewer,
  onInvited,
  onCancel,
}: {
  viewer: Viewer;
  onInvited: (url: string) => void;
  onCancel: () => void;
}) {
  const qc = useQueryClient();
  const f = useZodForm(ZCreateUser, { email: "", name: "", role: "viewer", groupIds: [] });
  const groups = useQuery({
    queryKey: ["groups", { all: true }],
    queryFn: () => api<Paged<TGroupView>>("/api/v1/groups?pageSize=200"),
  });
  const create = useMutation({
    mutationFn: (data: TCreateUser) =>
      api<{ user: TUserView; inviteUrl: string }>("/api/v1/users", { method: "POST", body: data }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["users"] }),
  });
  const selected = f.values.groupIds as string[];
  const toggle = (id: string, on: boolean) =>
    f.set("groupIds", on ? [...selected, id] : selected.filter((g) => g !== id));

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void f.submit(async (data) => onInvited((await create.mutateAsync(data)).inviteUrl));
      }}
    >
      <FormError message={f.formError} />
      <Field
        label="Email"
        name="email"
        type="email"
        value={f.values.email}
        error={f.errors.email}
        onChange={(v) => f.set("email", v)}
      />
      <Field label="Name" name="name" value={f.values.name} error={f.errors.name} onChange={(v) => f.set("name", v)} />
      <Field label="Role" name="role" error={f.errors.role}>
        <select
          id="f-role"
          value={String(f.values.role)}
          aria-invalid={f.errors.role ? true : undefined}
          onChange={(e) => f.set("role", e.target.value)}
        >
          {grantableRoles(viewer).map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </Field>
      <fieldset style={{ border: "none", padding: 0, margin: "0 0 12px" }}>
        <legend style={{ fontWeight: 600, fontSize: 13, marginBottom: 4 }}>Groups</legend>
        {groups.isPending && <div className="skeleton" style={{ width: "60%" }} />}
        {groups.isError && <span className="field-error">Could not load groups: {groups.error.message}</span>}
        <div style={{ maxHeight: 160, overflow: "auto", display: "grid", gap: 4 }}>
          {groups.data?.items.map((g) => (
            <label key={g.id} className="row" style={{ gap: 6 }}>
              <input
                type="checkbox"
                checked={selected.includes(g.id)}
                onChange={(e) => toggle(g.id, e.target.checked)}
              />
              {g.name}
            </label>
          ))}
          {groups.data?.items.length === 0 && <span className="muted">No groups yet.</span>}
        </div>
        {f.errors.groupIds && <span className="field-error">{f.errors.groupIds}</span>}
      </fieldset>
      <div className="row" style={{ justifyContent: "flex-end" }}>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={f.pending}>
          {f.pending ? "Creating…" : "Create invitation link"}
        </button>
      </div>
    </form>
  );
}

function InviteLink({ url, onDone }: { url: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      const input = document.getElementById("invite-link") as HTMLInputElement | null;
      input?.select();
    }
  };
  return (
    <div>
      <p className="notice" role="status">
        The user is created. Send them this invitation link: it lets them set a password and is valid for 7 days.
        <strong> It is shown only once</strong>; if it is lost, ask for a new invitation.
      </p>
      <label className="field" htmlFor="invite-link">
        <span>Invitation link</span>
        <div className="row" style={{ flexWrap: "nowrap" }}>
          <input
            id="invite-link"
            className="mono"
            readOnly
            value={url}
            style={{ flex: 1 }}
            onFocus={(e) => e.target.select()}
          />
          <button type="button" onClick={copy}>
            {copied ? "Copied" : "Copy link"}
          </button>
        </div>
      </label>
      <div className="row" style={{ justifyContent: "flex-end" }}>
        <button type="button" className="primary" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
