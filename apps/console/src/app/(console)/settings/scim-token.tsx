"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "@/components/form";
import { api } from "@/lib/api";
import type { TScimSettingsView } from "./scim-settings";

const when = (s: string | null | undefined) => (s ? new Date(s).toLocaleString() : "never");

/** The SCIM token: created or rotated here and shown once; revoked at once. */
export function ScimToken({ token }: { token: TScimSettingsView["token"] }) {
  const qc = useQueryClient();
  const [shown, setShown] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<"rotate" | "revoke" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (what: "issue" | "revoke") => {
    setBusy(true);
    setError(null);
    try {
      if (what === "issue") {
        const r = await api<{ token: string }>("/api/v1/scim/token", { method: "POST" });
        setShown(r.token);
      } else {
        await api("/api/v1/scim/token", { method: "DELETE" });
        setShown(null);
      }
      setConfirm(null);
      await qc.invalidateQueries({ queryKey: ["scim"] });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <h3>Token</h3>
      {shown && (
        <div className="notice" role="status">
          <strong>Copy this token into your identity provider now — it is shown once:</strong>
          <pre className="mono copyable" data-testid="new-scim-token">
            {shown}
          </pre>
          <button type="button" onClick={() => void navigator.clipboard?.writeText(shown)}>
            Copy SCIM token
          </button>
        </div>
      )}
      {token ? (
        <p>
          Token <code className="mono">{token.prefix}…</code> created {when(token.createdAt)}, last used{" "}
          <span data-testid="scim-last-used">{when(token.lastUsedAt)}</span>.
        </p>
      ) : (
        <p className="muted">No token: the SCIM endpoint refuses every request.</p>
      )}
      {confirm ? (
        <div className="row">
          <span>
            {confirm === "rotate"
              ? "The current token stops working at once. Paste the new one into the identity provider."
              : "The identity provider's requests are refused from now on. Accounts stay as they are."}
          </span>
          <button
            type="button"
            className="danger"
            disabled={busy}
            onClick={() => void run(confirm === "rotate" ? "issue" : "revoke")}
          >
            {confirm === "rotate" ? "Rotate now" : "Revoke now"}
          </button>
          <button type="button" onClick={() => setConfirm(null)}>
            Cancel
          </button>
        </div>
      ) : (
        <div className="row">
          {token ? (
            <>
              <button type="button" onClick={() => setConfirm("rotate")}>
                Rotate token
              </button>
              <button type="button" className="danger" onClick={() => setConfirm("revoke")}>
                Revoke token
              </button>
            </>
          ) : (
            <button type="button" className="primary" disabled={busy} onClick={() => void run("issue")}>
              Create token
            </button>
          )}
        </div>
      )}
      <FormError message={error} />
    </div>
  );
}
