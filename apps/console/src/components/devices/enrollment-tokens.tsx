"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useState } from "react";
import { Field, FormError, useZodForm } from "@/components/form";
import { useTargets } from "@/components/policies/assignments";
import { TableWrap } from "@/components/table-wrap";
import { Confirm, LoadError, Modal, type Paged, TableSkeleton, When } from "@/components/users/ui";
import { api } from "@/lib/api";
import type { TEnrollmentTokenView } from "@/server/enrollment/enrollment-tokens";
import { EXPIRY_CHOICES, type TCreateEnrollmentToken, ZCreateEnrollmentToken } from "@/server/enrollment/schemas";

type Created = TEnrollmentTokenView & { token: string; command: string };

const STATUS: Record<TEnrollmentTokenView["status"], [string, string]> = {
  active: ["ok", "Active"],
  expired: ["neutral", "Expired"],
  revoked: ["bad", "Revoked"],
  used_up: ["neutral", "Used up"],
};

function CreateTokenForm({ onCreated, onCancel }: { onCreated: (t: Created) => void; onCancel: () => void }) {
  const qc = useQueryClient();
  const { groups } = useTargets();
  const f = useZodForm(ZCreateEnrollmentToken, { name: "", expiresInHours: "168", maxUses: "", groupId: "" });
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void f.submit(async (data: TCreateEnrollmentToken) => {
          const t = await api<Created>("/api/v1/enrollment-tokens", { method: "POST", body: data });
          await qc.invalidateQueries({ queryKey: ["enrollment-tokens"] });
          onCreated(t);
        });
      }}
    >
      <FormError message={f.formError} />
      <Field
        label="Name"
        name="name"
        value={f.values.name}
        error={f.errors.name}
        onChange={(v) => f.set("name", v)}
        placeholder="e.g. Berlin office laptops"
      />
      <Field label="Expires after" name="expiresInHours" error={f.errors.expiresInHours}>
        <select
          id="f-expiresInHours"
          value={String(f.values.expiresInHours)}
          onChange={(e) => f.set("expiresInHours", e.target.value)}
        >
          {EXPIRY_CHOICES.map((c) => (
            <option key={c.hours} value={c.hours}>
              {c.label}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label="Number of uses (empty: unlimited until it expires)"
        name="maxUses"
        value={f.values.maxUses}
        error={f.errors.maxUses}
        onChange={(v) => f.set("maxUses", v)}
        placeholder="e.g. 1 for a single machine"
      />
      <Field label="Devices join group" name="groupId" error={f.errors.groupId}>
        <select id="f-groupId" value={String(f.values.groupId)} onChange={(e) => f.set("groupId", e.target.value)}>
          <option value="">No group</option>
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
      </Field>
      <div className="row" style={{ justifyContent: "flex-end" }}>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={f.pending}>
          {f.pending ? "Creating…" : "Create token"}
        </button>
      </div>
    </form>
  );
}

function ShownOnce({ t, onDone }: { t: Created; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <section className="panel" aria-label="New enrollment token" style={{ borderColor: "#b2f2bb" }}>
      <h2>Token “{t.name}” created</h2>
      <p>Copy it now: it is shown only once (the console keeps only its hash). Run this on the workstation as root:</p>
      <pre className="json" data-testid="enroll-command" style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }}>
        {t.command}
      </pre>
      <div className="row">
        <button
          type="button"
          onClick={() => {
            void navigator.clipboard?.writeText(t.command).then(() => setCopied(true));
          }}
        >
          {copied ? "Copied" : "Copy command"}
        </button>
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  );
}

export function EnrollmentTokens() {
  const qc = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  const [revoking, setRevoking] = useState<TEnrollmentTokenView | null>(null);
  const list = useQuery({
    queryKey: ["enrollment-tokens"],
    queryFn: () => api<Paged<TEnrollmentTokenView>>("/api/v1/enrollment-tokens?pageSize=200"),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api(`/api/v1/enrollment-tokens/${id}/revoke`, { method: "POST" }),
    onSuccess: () => {
      setRevoking(null);
      void qc.invalidateQueries({ queryKey: ["enrollment-tokens"] });
    },
  });
  return (
    <>
      <div className="spread">
        <span className="muted">
          A token lets workstations enroll: it carries the fingerprint of the org's signing key, which the agent pins.
        </span>
        <button type="button" className="primary icon-label" onClick={() => setCreating(true)}>
          <Plus size={16} aria-hidden />
          Create enrollment token
        </button>
      </div>
      {created && <ShownOnce t={created} onDone={() => setCreated(null)} />}
      {list.isError && <LoadError error={list.error} retry={() => list.refetch()} />}
      <TableWrap label="Enrollment tokens">
        <table aria-label="Enrollment tokens">
          <thead>
            <tr>
              <th>Name</th>
              <th>Token</th>
              <th>Group</th>
              <th>Uses</th>
              <th>Expires</th>
              <th>Status</th>
              <th>Created</th>
              <th />
            </tr>
          </thead>
          {list.isPending ? (
            <TableSkeleton cols={8} />
          ) : (
            <tbody>
              {list.data?.items.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td className="mono">{t.prefix}…</td>
                  <td>{t.group?.name ?? <span className="muted">—</span>}</td>
                  <td>
                    {t.uses} / {t.maxUses ?? "∞"}
                  </td>
                  <td>
                    <When iso={t.expiresAt} />
                  </td>
                  <td>
                    <span className={`badge ${STATUS[t.status][0]}`}>{STATUS[t.status][1]}</span>
                  </td>
                  <td>
                    <When iso={t.createdAt} />
                    {t.createdBy && <div className="muted">{t.createdBy}</div>}
                  </td>
                  <td style={{ textAlign: "right" }}>
                    {t.status === "active" && (
                      <button type="button" className="danger" onClick={() => setRevoking(t)}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
              {list.data?.items.length === 0 && (
                <tr>
                  <td colSpan={8} className="muted">
                    No enrollment tokens yet. Create one, then run the command it shows on a workstation.
                  </td>
                </tr>
              )}
            </tbody>
          )}
        </table>
      </TableWrap>
      <Modal open={creating} onClose={() => setCreating(false)} title="Create enrollment token">
        <CreateTokenForm
          onCancel={() => setCreating(false)}
          onCreated={(t) => {
            setCreating(false);
            setCreated(t);
          }}
        />
      </Modal>
      <Confirm
        open={revoking !== null}
        title={`Revoke “${revoking?.name}”?`}
        confirmLabel="Revoke token"
        danger
        pending={revoke.isPending}
        error={revoke.error ? (revoke.error as Error).message : null}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
        onClose={() => setRevoking(null)}
      >
        <p>No further workstation can enroll with it. Devices already enrolled with it are not affected.</p>
      </Confirm>
    </>
  );
}
