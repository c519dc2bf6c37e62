"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { RotateCw } from "lucide-react";
import { useState } from "react";
import { TableWrap } from "@/components/table-wrap";
import { may, type Viewer } from "@/components/users/access";
import { Confirm, LoadError, Pending, When } from "@/components/users/ui";
import { api } from "@/lib/api";
import type { TSigningKeys } from "@/server/policies/signing-keys";

const kv = { display: "grid", gridTemplateColumns: "170px 1fr", gap: "6px 12px", margin: 0 } as const;

export function SigningKeys({ viewer }: { viewer: Viewer }) {
  const qc = useQueryClient();
  const [confirm, setConfirm] = useState(false);
  const q = useQuery({ queryKey: ["signing-keys"], queryFn: () => api<TSigningKeys>("/api/v1/signing-keys") });
  const rotate = useMutation({
    mutationFn: () => api("/api/v1/signing-keys/rotate", { method: "POST" }),
    onSuccess: () => {
      setConfirm(false);
      void qc.invalidateQueries({ queryKey: ["signing-keys"] });
    },
  });
  if (q.isError) return <LoadError error={q.error} retry={() => q.refetch()} />;
  if (!q.data) return <Pending q={q} label="Loading keys…" />;
  const { active, retired, devices } = q.data;
  return (
    <>
      <section className="panel" aria-label="Active key">
        <div className="spread" style={{ marginBottom: 8 }}>
          <h2 style={{ margin: 0 }}>
            Active key <span className="badge ok">Active</span>
          </h2>
          {may(viewer, "signingkey.rotate") && (
            <button type="button" className="primary icon-label" onClick={() => setConfirm(true)}>
              <RotateCw size={16} aria-hidden />
              Rotate key
            </button>
          )}
        </div>
        {active && (
          <dl style={kv}>
            <dt className="muted">Key id (fingerprint)</dt>
            <dd style={{ margin: 0 }} className="mono">
              {active.fingerprint}
            </dd>
            <dt className="muted">Algorithm</dt>
            <dd style={{ margin: 0 }}>{active.algorithm}</dd>
            <dt className="muted">Created</dt>
            <dd style={{ margin: 0 }}>
              <When iso={active.createdAt} />{" "}
              <span className="muted">({new Date(active.createdAt).toUTCString()})</span>
            </dd>
            <dt className="muted">Public key</dt>
            <dd style={{ margin: 0 }} className="mono">
              {active.publicKey}
            </dd>
            <dt className="muted">Devices</dt>
            <dd style={{ margin: 0 }}>
              {devices.awaitingActiveKey === 0 ? (
                <span className="badge ok">All {devices.total} trust this key</span>
              ) : (
                <span className="badge warn">
                  {devices.awaitingActiveKey} of {devices.total} still learning it
                </span>
              )}
            </dd>
          </dl>
        )}
        <p className="muted" style={{ marginBottom: 0 }}>
          The private key is stored encrypted with the console's master key and never leaves the server.
        </p>
      </section>
      <h2>Retired keys</h2>
      <TableWrap label="Signing keys">
        <table aria-label="Retired keys">
          <thead>
            <tr>
              <th>Key id (fingerprint)</th>
              <th>Created</th>
              <th>Retired</th>
            </tr>
          </thead>
          <tbody>
            {retired.length === 0 && (
              <tr>
                <td colSpan={3} className="muted">
                  No retired keys: the key has never been rotated.
                </td>
              </tr>
            )}
            {retired.map((k) => (
              <tr key={k.keyId}>
                <td className="mono">{k.fingerprint}</td>
                <td>
                  <When iso={k.createdAt} />
                </td>
                <td>
                  <When iso={k.retiredAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <Confirm
        open={confirm}
        title="Rotate the policy-signing key?"
        confirmLabel="Rotate key"
        pending={rotate.isPending}
        error={rotate.error ? (rotate.error as Error).message : null}
        onConfirm={() => rotate.mutate()}
        onClose={() => setConfirm(false)}
      >
        <p>
          A new key becomes active; the current one is retired but kept. Each agent receives the new key in a bundle
          signed by the key it already trusts, and from then on gets bundles signed by the new key. Enrollment tokens
          created before the rotation pin the old key and still work. This is recorded in the audit log.
        </p>
      </Confirm>
    </>
  );
}
