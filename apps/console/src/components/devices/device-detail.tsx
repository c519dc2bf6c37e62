"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { may, type Viewer } from "@/components/users/access";
import { Confirm, LoadError, Pending, When } from "@/components/users/ui";
import { api } from "@/lib/api";
import type { TDeviceDetail } from "@/server/devices/get-device";
import { DeviceStatusBadge, PolicySyncBadge } from "./badges";

const kv = { display: "grid", gridTemplateColumns: "170px 1fr", gap: "6px 12px", margin: 0 } as const;

export function DeviceDetail({ id, viewer }: { id: string; viewer: Viewer }) {
  const qc = useQueryClient();
  const [confirm, setConfirm] = useState(false);
  const q = useQuery({ queryKey: ["device", id], queryFn: () => api<TDeviceDetail>(`/api/v1/devices/${id}`) });
  const revoke = useMutation({
    mutationFn: () => api<TDeviceDetail>(`/api/v1/devices/${id}/revoke`, { method: "POST" }),
    onSuccess: (d) => {
      qc.setQueryData(["device", id], d);
      void qc.invalidateQueries({ queryKey: ["devices"] });
      setConfirm(false);
    },
  });
  if (q.isError) return <LoadError error={q.error} retry={() => q.refetch()} />;
  if (!q.data) return <Pending q={q} label="Loading device…" />;
  const d = q.data;
  const facts = (d.facts ?? {}) as Record<string, unknown>;
  return (
    <>
      <div className="spread">
        <div className="row">
          <h1 style={{ margin: 0 }}>{d.hostname}</h1>
          <DeviceStatusBadge status={d.status} />
        </div>
        {may(viewer, "device.revoke") && !d.revokedAt && (
          <button type="button" className="danger" onClick={() => setConfirm(true)}>
            Revoke device
          </button>
        )}
      </div>
      {d.revokedAt && (
        <div className="form-error">
          Revoked <When iso={d.revokedAt} />
          {d.revokedBy ? ` by ${d.revokedBy}` : ""}: the agent's requests are refused; it keeps enforcing its last
          bundle offline.
        </div>
      )}
      {d.lastBundleError && (
        <div className="form-error" role="alert">
          The agent refused a bundle: <span className="mono">{d.lastBundleError}</span>
        </div>
      )}
      <div className="row" style={{ alignItems: "stretch" }}>
        <section className="panel" style={{ flex: 1, minWidth: 340 }}>
          <h2>Facts</h2>
          <dl style={kv}>
            <dt className="muted">OS</dt>
            <dd style={{ margin: 0 }}>
              {d.os} {d.osVersion}
            </dd>
            <dt className="muted">NixOS</dt>
            <dd style={{ margin: 0 }}>{d.nixosVersion || "—"}</dd>
            <dt className="muted">Agent</dt>
            <dd style={{ margin: 0 }} className="mono">
              {d.agentVersion || "—"}
            </dd>
            <dt className="muted">Group</dt>
            <dd style={{ margin: 0 }}>
              {d.group ? <Link href={`/users/groups/${d.group.id}`}>{d.group.name}</Link> : "—"}
            </dd>
            <dt className="muted">Machine id</dt>
            <dd style={{ margin: 0 }} className="mono">
              {d.machineId}
            </dd>
            <dt className="muted">Enrolled</dt>
            <dd style={{ margin: 0 }}>
              <When iso={d.enrolledAt} />
            </dd>
            <dt className="muted">Last seen</dt>
            <dd style={{ margin: 0 }}>
              <When iso={d.lastSeenAt} />
            </dd>
            <dt className="muted">Spooled events</dt>
            <dd style={{ margin: 0 }}>{d.spoolSize ?? "—"}</dd>
            {typeof facts.lastError === "string" && (
              <>
                <dt className="muted">Agent's last error</dt>
                <dd style={{ margin: 0 }}>{facts.lastError}</dd>
              </>
            )}
          </dl>
        </section>
        <section className="panel" style={{ flex: 1, minWidth: 340 }}>
          <h2>Policy</h2>
          <dl style={kv}>
            <dt className="muted">Sync</dt>
            <dd style={{ margin: 0 }}>
              <PolicySyncBadge sync={d.policySync} applied={d.appliedPolicyVersion} latest={d.latestPolicyVersion} />
            </dd>
            <dt className="muted">Applied bundle</dt>
            <dd style={{ margin: 0 }}>{d.appliedPolicyVersion === null ? "none yet" : `v${d.appliedPolicyVersion}`}</dd>
            <dt className="muted">Latest bundle</dt>
            <dd style={{ margin: 0 }}>v{d.latestPolicyVersion}</dd>
            <dt className="muted">Signed by key</dt>
            <dd style={{ margin: 0 }} className="mono">
              {d.bundle.keyId ?? "—"}
            </dd>
            <dt className="muted">Issued</dt>
            <dd style={{ margin: 0 }}>
              <When iso={d.bundle.issuedAt} never="—" />
            </dd>
          </dl>
        </section>
      </div>
      <section className="panel">
        <h2>Assigned policies</h2>
        {d.assignments.length === 0 ? (
          <p className="muted">
            Nothing assigned to the org, its group or this device: it enforces the secure defaults.
          </p>
        ) : (
          <table aria-label="Assigned policies">
            <thead>
              <tr>
                <th>Policy</th>
                <th>Through</th>
                <th>Published</th>
              </tr>
            </thead>
            <tbody>
              {d.assignments.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link href={`/policies/${a.policy.id}`}>{a.policy.name}</Link>
                  </td>
                  <td>
                    {a.scope === "org"
                      ? "Organisation"
                      : a.scope === "group"
                        ? `Group ${a.target.label}`
                        : "This device"}
                  </td>
                  <td>
                    {a.policy.publishedVersion ? (
                      <span className="badge ok">v{a.policy.publishedVersion}</span>
                    ) : (
                      <span className="badge warn">Not published</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel">
        <div className="spread" style={{ marginBottom: 8 }}>
          <h2 style={{ margin: 0 }}>Effective policy</h2>
          <span className="muted">
            {d.effective.sources.length ? d.effective.sources.join(" → ") : "secure defaults"}
          </span>
        </div>
        {d.effective.rejected.length > 0 && (
          <div className="notice">
            Refused by locks:
            {d.effective.rejected.map((r) => (
              <div key={`${r.source}${r.path}`}>
                {r.source}: <span className="mono">{r.path}</span> — {r.reason}
              </div>
            ))}
          </div>
        )}
        <pre className="json" data-testid="effective-policy" style={{ maxHeight: 480 }}>
          {d.effective.yaml}
        </pre>
      </section>
      <Confirm
        open={confirm}
        title={`Revoke ${d.hostname}?`}
        confirmLabel="Revoke device"
        danger
        pending={revoke.isPending}
        error={revoke.error ? (revoke.error as Error).message : null}
        onConfirm={() => revoke.mutate()}
        onClose={() => setConfirm(false)}
      >
        <p>
          Its next request to the console is refused (within a minute): no new policy, no heartbeat, no audit upload.
          The agent keeps enforcing its last policy offline. To bring the machine back, enroll it again with a new
          token. This is recorded in the audit log.
        </p>
      </Confirm>
    </>
  );
}
