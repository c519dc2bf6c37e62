"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/lib/api";
import type { TIdentityProviderView } from "@/server/sso/present-identity-provider";
import { TYPE_LABELS } from "../../idp-defaults";
import { IdpForm, valuesOf } from "../../idp-form";
import { SetupValues } from "../../setup-values";
import { MappingsEditor } from "./mappings-editor";
import { RecentActivity } from "./recent-activity";
import { SpKeyPanel } from "./sp-key-panel";
import { TestPanel } from "./test-panel";

export function IdpDetail({ id }: { id: string }) {
  const [saved, setSaved] = useState(false);
  const q = useQuery({
    queryKey: ["idp", id],
    queryFn: () => api<TIdentityProviderView>(`/api/v1/identity-providers/${id}`),
  });
  if (q.isLoading) return <div className="loading">Loading…</div>;
  if (q.error || !q.data) return <div className="form-error">Could not load this identity provider.</div>;
  const idp = q.data;
  return (
    <>
      <h1>{idp.name}</h1>
      <p className="muted">
        {TYPE_LABELS[idp.type]} · direct sign-in link <span className="mono">{idp.signInUrl}</span>
      </p>
      {"sp" in idp && idp.sp && <SetupValues saml={idp.sp} />}
      {"rp" in idp && idp.rp && <SetupValues oidc={idp.rp} />}
      {idp.type === "saml" && (
        <SpKeyPanel
          id={id}
          createdAt={idp.config.spKeyCreatedAt as string | undefined}
          signs={idp.config.signAuthnRequests === true}
        />
      )}
      <section className="panel" aria-labelledby="test-heading">
        <h2 id="test-heading">Test</h2>
        <TestPanel id={id} type={idp.type} />
      </section>
      <section className="panel" aria-labelledby="activity-heading">
        <h2 id="activity-heading">Recent sign-ins</h2>
        <RecentActivity idpId={id} />
      </section>
      <section className="panel" aria-labelledby="mappings-heading">
        <h2 id="mappings-heading">Group mappings</h2>
        <p className="muted">
          Applied at every sign-in{idp.type === "ldap" ? " and directory sync" : ""}: a user removed from an IdP group
          loses what it granted. The highest mapped role wins.
        </p>
        <MappingsEditor idpId={id} />
      </section>
      <section className="panel" aria-labelledby="settings-heading">
        <h2 id="settings-heading">Settings</h2>
        <IdpForm key={idp.updatedAt} id={id} initial={valuesOf(idp)} onSaved={() => setSaved(true)} />
        {saved && <p role="status">Saved</p>}
      </section>
      <DeletePanel id={id} name={idp.name} />
    </>
  );
}

function DeletePanel({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const qc = useQueryClient();
  const [armed, setArmed] = useState(false);
  const del = useMutation({
    mutationFn: () => api(`/api/v1/identity-providers/${id}`, { method: "DELETE" }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ["idps"] });
      router.push("/settings");
    },
  });
  return (
    <section className="panel">
      {armed ? (
        <div className="row">
          <span>Users of {name} will no longer be able to sign in through it. Delete?</span>
          <button type="button" className="danger" onClick={() => del.mutate()} disabled={del.isPending}>
            Delete {name}
          </button>
          <button type="button" onClick={() => setArmed(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" className="danger" onClick={() => setArmed(true)}>
          Delete identity provider
        </button>
      )}
    </section>
  );
}
