"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "@/components/form";
import { api } from "@/lib/api";
import type { getScimSettings } from "@/server/scim/get-scim-settings";
import { Select } from "./controls";
import { ScimToken } from "./scim-token";

export type TScimSettingsView = Awaited<ReturnType<typeof getScimSettings>>;

const SUBJECTS = [
  ["userName", "userName (SAML NameID)"],
  ["externalId", "externalId (OIDC sub)"],
] as const;

/** Settings > SCIM provisioning: endpoint, which IdP its users sign in through (Owner), the token. */
export function ScimSettings({ canLink }: { canLink: boolean }) {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ["scim"], queryFn: () => api<TScimSettingsView>("/api/v1/scim") });
  const [draft, setDraft] = useState<{ idpId?: string; subjectAttribute?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  if (q.isLoading) return <div className="loading">Loading SCIM settings…</div>;
  if (q.error || !q.data) return <div className="form-error">Could not load the SCIM settings.</div>;
  const s = q.data;
  const idpId = draft.idpId ?? s.idpId ?? s.identityProviders[0]?.id ?? "";
  const subject = draft.subjectAttribute ?? s.subjectAttribute;
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await api("/api/v1/scim", { method: "PUT", body: { idpId, subjectAttribute: subject } });
      setDraft({});
      await qc.invalidateQueries({ queryKey: ["scim"] });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSaving(false);
    }
  };
  return (
    <>
      <p className="muted">
        Okta and Entra ID create, update and deactivate console accounts and groups through SCIM 2.0. Deactivating a
        user there ends their console sessions and API tokens at once. See docs/scim.md for the setup steps.
      </p>
      <p>
        SCIM base URL:{" "}
        <code className="mono copyable" data-testid="scim-endpoint">
          {s.endpoint}
        </code>{" "}
        <button type="button" onClick={() => void navigator.clipboard?.writeText(s.endpoint)}>
          Copy SCIM base URL
        </button>
      </p>
      <p className="muted">
        Provisioned so far: {s.provisioned.users} users, {s.provisioned.groups} groups.
      </p>
      {s.identityProviders.length === 0 ? (
        <p className="muted">
          Add the identity provider your users sign in through first; SCIM users sign in through it.
        </p>
      ) : canLink ? (
        <form
          noValidate
          className="row"
          style={{ alignItems: "flex-end" }}
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Select
            label="Users sign in through"
            name="scim-idp"
            value={idpId}
            options={s.identityProviders.map((i) => [i.id, `${i.name} (${i.type.toUpperCase()})`] as const)}
            onChange={(v) => setDraft({ ...draft, idpId: v })}
          />
          <Select
            label="The identity provider's subject is"
            name="scim-subject"
            value={subject}
            options={SUBJECTS}
            onChange={(v) => setDraft({ ...draft, subjectAttribute: v })}
          />
          <button type="submit" className="primary" disabled={saving} style={{ marginBottom: 12 }}>
            {s.idpId ? "Save SCIM link" : "Link SCIM to this identity provider"}
          </button>
        </form>
      ) : (
        <p>
          Users sign in through <strong>{s.idpName ?? "— (an Owner links SCIM to an identity provider)"}</strong>.
        </p>
      )}
      <FormError message={error} />
      {s.idpId && <ScimToken token={s.token} />}
    </>
  );
}
