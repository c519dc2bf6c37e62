"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/lib/api";
import type { TIdentityProviderView } from "@/server/sso/present-identity-provider";
import { TYPE_LABELS } from "../../idp-defaults";
import { IdpForm, valuesOf } from "../../idp-form";
import { MappingsEditor } from "./mappings-editor";

interface TestResult {
  ok: boolean;
  steps: { step: string; ok: boolean; detail: string }[];
  user: { dn: string; email: string; name: string; groups: string[] } | null;
}

export function IdpDetail({ id }: { id: string }) {
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
      {"sp" in idp && idp.sp && <ServiceProviderInfo sp={idp.sp} />}
      <section className="panel" aria-labelledby="test-heading">
        <h2 id="test-heading">Test</h2>
        <TestPanel id={id} type={idp.type} />
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
        <IdpForm key={idp.updatedAt} id={id} initial={valuesOf(idp)} />
      </section>
      <DeletePanel id={id} name={idp.name} />
    </>
  );
}

function ServiceProviderInfo({ sp }: { sp: { entityId: string; acsUrl: string; metadataUrl: string } }) {
  return (
    <section className="panel" aria-labelledby="sp-heading">
      <h2 id="sp-heading">Give these to your IdP</h2>
      <dl>
        <dt>Entity id (audience)</dt>
        <dd className="mono">{sp.entityId}</dd>
        <dt>ACS URL (HTTP-POST)</dt>
        <dd className="mono">{sp.acsUrl}</dd>
        <dt>SP metadata</dt>
        <dd>
          <a href={`${new URL(sp.metadataUrl).pathname}?download`} download>
            Download SP metadata
          </a>
        </dd>
      </dl>
    </section>
  );
}

function TestPanel({ id, type }: { id: string; type: string }) {
  const [username, setUsername] = useState("");
  const test = useMutation({
    mutationFn: () => api<TestResult>(`/api/v1/identity-providers/${id}/test`, { method: "POST", body: { username } }),
  });
  const sync = useMutation({
    mutationFn: () =>
      api<{ checked: number; updated: number; deactivated: string[] }>(`/api/v1/identity-providers/${id}/sync`, {
        method: "POST",
      }),
  });
  return (
    <div>
      {type === "ldap" && (
        <label className="field" htmlFor="f-test-username">
          <span>Look up a user (optional)</span>
          <input id="f-test-username" value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
      )}
      <div className="row">
        <button type="button" onClick={() => test.mutate()} disabled={test.isPending}>
          {type === "ldap" ? "Test connection and look up user" : "Test"}
        </button>
        {type === "ldap" && (
          <button type="button" onClick={() => sync.mutate()} disabled={sync.isPending}>
            Sync directory now
          </button>
        )}
      </div>
      {test.error && <div className="form-error">{(test.error as Error).message}</div>}
      {test.data && (
        <div role="status" aria-label="Test result">
          <p>{test.data.ok ? "All checks passed." : "Some checks failed."}</p>
          <ul>
            {test.data.steps.map((s) => (
              <li key={`${s.step}${s.detail}`}>
                {s.ok ? "✓" : "✗"} {s.step}: <span className="mono">{s.detail}</span>
              </li>
            ))}
          </ul>
          {test.data.user && (
            <p>
              {test.data.user.name} &lt;{test.data.user.email}&gt; · groups:{" "}
              {test.data.user.groups.join(", ") || "none"}
            </p>
          )}
        </div>
      )}
      {sync.error && <div className="form-error">{(sync.error as Error).message}</div>}
      {sync.data && (
        <p role="status">
          Checked {sync.data.checked} users, updated {sync.data.updated}, deactivated {sync.data.deactivated.length}.
        </p>
      )}
    </div>
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
