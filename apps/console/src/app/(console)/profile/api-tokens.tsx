"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Field, FormError, useZodForm } from "@/components/form";
import { api } from "@/lib/api";
import { ZCreateApiToken } from "@/server/profile/schemas";

interface TokenView {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const day = (s: string | null) => (s ? new Date(s).toLocaleDateString() : "—");

export function ApiTokens() {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ["tokens"], queryFn: () => api<{ items: TokenView[] }>("/api/v1/me/tokens") });
  const [shown, setShown] = useState<string | null>(null);
  const f = useZodForm(ZCreateApiToken, { name: "", expiresInDays: "90" });
  const revoke = useMutation({
    mutationFn: (id: string) => api(`/api/v1/me/tokens/${id}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["tokens"] }),
  });
  return (
    <section className="panel">
      <h2>API tokens</h2>
      <p className="muted">
        For automation (Ansible, Terraform, CI). A token acts with your role, every call is audited. See{" "}
        <a href="/api/v1/openapi.json" style={{ textDecoration: "underline" }}>
          the OpenAPI document
        </a>
        .
      </p>
      {shown && (
        <div className="notice" role="status">
          <strong>Copy this token now — it is shown once:</strong>
          <pre className="mono" data-testid="new-token">
            {shown}
          </pre>
          <button type="button" onClick={() => void navigator.clipboard?.writeText(shown)}>
            Copy
          </button>
        </div>
      )}
      <form
        noValidate
        className="row"
        style={{ alignItems: "flex-end" }}
        onSubmit={(e) => {
          e.preventDefault();
          void f.submit(async (data) => {
            const r = await api<{ token: string }>("/api/v1/me/tokens", { method: "POST", body: data });
            setShown(r.token);
            f.reset();
            await qc.invalidateQueries({ queryKey: ["tokens"] });
          });
        }}
      >
        <Field
          label="Token name"
          name="name"
          value={f.values.name}
          error={f.errors.name}
          onChange={(v) => f.set("name", v)}
          placeholder="terraform-ci"
        />
        <Field
          label="Expires in (days)"
          name="expiresInDays"
          type="number"
          value={f.values.expiresInDays}
          error={f.errors.expiresInDays}
          onChange={(v) => f.set("expiresInDays", v)}
        />
        <button type="submit" className="primary" disabled={f.pending} style={{ marginBottom: 12 }}>
          Create token
        </button>
      </form>
      <FormError message={f.formError} />
      {list.isLoading && <div className="loading">Loading tokens…</div>}
      {list.data && (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways on a phone must be reachable by keyboard
        <section className="table-wrap" tabIndex={0} aria-label="Your API tokens">
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Prefix</th>
                <th>Created</th>
                <th>Expires</th>
                <th>Last used</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.items.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted">
                    No tokens yet. Name one above and create it for a script or CI job.
                  </td>
                </tr>
              )}
              {list.data.items.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td className="mono">{t.prefix}…</td>
                  <td>{day(t.createdAt)}</td>
                  <td>{t.expiresAt ? day(t.expiresAt) : "never"}</td>
                  <td>{day(t.lastUsedAt)}</td>
                  <td>
                    {t.revokedAt ? (
                      <span className="badge neutral">revoked</span>
                    ) : (
                      <button type="button" className="danger" onClick={() => revoke.mutate(t.id)}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}
