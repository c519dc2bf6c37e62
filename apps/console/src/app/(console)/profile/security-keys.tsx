"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Field, FormError, useZodForm } from "@/components/form";
import { Modal } from "@/components/users/ui";
import { api } from "@/lib/api";
import { registerSecurityKey, securityKeyError } from "@/lib/security-key";
import { ZKeyName } from "@/server/webauthn/schemas";
import { RemoveKeyForm } from "./remove-key-form";

export interface KeyView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  transports: string[];
  backedUp: boolean;
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "never");

/** Security keys (WebAuthn) as a second factor: add a named key, see when each was last used, remove. */
export function SecurityKeys() {
  const qc = useQueryClient();
  const keys = useQuery({
    queryKey: ["webauthn-keys"],
    queryFn: () => api<{ keys: KeyView[] }>("/api/v1/me/webauthn/credentials"),
  });
  const add = useZodForm(ZKeyName, { name: "" });
  const [removing, setRemoving] = useState<KeyView | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ["webauthn-keys"] });

  return (
    <section className="panel" aria-labelledby="security-keys">
      <h2 id="security-keys">Security keys</h2>
      <p className="muted">
        A security key (YubiKey, a laptop's fingerprint reader…) confirms approvals and sensitive actions.
      </p>
      {keys.isLoading && <div className="loading">Loading…</div>}
      {keys.isError && <FormError message={(keys.error as Error).message} />}
      {keys.data && keys.data.keys.length === 0 && <p>No security key yet.</p>}
      {keys.data && keys.data.keys.length > 0 && (
        <ul className="key-list" aria-label="Your security keys">
          {keys.data.keys.map((k) => (
            <li key={k.id}>
              <span>
                <strong>{k.name}</strong>
                <br />
                <span className="muted small">
                  Added {when(k.createdAt)} · last used {when(k.lastUsedAt)}
                </span>
              </span>
              <button type="button" className="danger" onClick={() => setRemoving(k)} aria-label={`Remove ${k.name}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        noValidate
        style={{ maxWidth: 420 }}
        onSubmit={(e) => {
          e.preventDefault();
          void add.submit(async (data) => {
            try {
              await registerSecurityKey(data.name);
            } catch (err) {
              throw new Error(securityKeyError(err));
            }
            add.reset();
            await refresh();
          });
        }}
      >
        <FormError message={add.formError} />
        <Field
          label="Name for a new key"
          name="key-name"
          placeholder="e.g. YubiKey on my keyring"
          value={add.values.name}
          error={add.errors.name}
          onChange={(v) => add.set("name", v)}
        />
        <button type="submit" className="primary" disabled={add.pending}>
          {add.pending ? "Touch your security key…" : "Add security key"}
        </button>
      </form>
      <Modal open={removing !== null} onClose={() => setRemoving(null)} title={`Remove ${removing?.name ?? "key"}`}>
        {removing && (
          <RemoveKeyForm
            keyView={removing}
            onRemoved={async () => {
              setRemoving(null);
              await refresh();
            }}
            onCancel={() => setRemoving(null)}
          />
        )}
      </Modal>
    </section>
  );
}
