"use client";
import { useQuery } from "@tanstack/react-query";
import { TableWrap } from "@/components/table-wrap";
import { api } from "@/lib/api";
import type { TIdpActivity } from "@/server/sso/get-idp-activity";

const when = (iso: string) => new Date(iso).toLocaleString();

/**
 * Recent refused sign-ins (reason, what to do, the reference users are shown, linked to the audit
 * log), the groups the IdP sent at its last sign-ins, and mappings that never matched.
 */
export function RecentActivity({ idpId }: { idpId: string }) {
  const q = useQuery({
    queryKey: ["idp-activity", idpId],
    queryFn: () => api<TIdpActivity>(`/api/v1/identity-providers/${idpId}/activity`),
  });
  if (q.isLoading) return <div className="loading">Loading…</div>;
  if (!q.data) return <div className="form-error">Could not load the recent sign-ins.</div>;
  const { failures, groupSets, mappings, samplesKept } = q.data;
  const unmatched = mappings.filter((m) => !m.lastMatchedAt);
  return (
    <>
      <h3>Recent sign-in failures</h3>
      {failures.length === 0 ? (
        <p className="muted">No refused sign-in in the last 30 days.</p>
      ) : (
        <TableWrap label="Recent sign-in failures" wide>
          <table aria-label="Recent sign-in failures">
            <thead>
              <tr>
                <th>When</th>
                <th>User</th>
                <th>Reason</th>
                <th>Reference</th>
              </tr>
            </thead>
            <tbody>
              {failures.map((f) => (
                <tr key={f.eventId}>
                  <td>{when(f.at)}</td>
                  <td>{f.subject ?? "(unknown)"}</td>
                  <td>
                    <span className="mono">{f.reason}</span>
                    {f.help && <div className="small">{f.help}</div>}
                  </td>
                  <td>
                    {f.reference ? (
                      <a className="mono" href={`/audit?requestId=${encodeURIComponent(f.reference)}`}>
                        {f.reference}
                      </a>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <h3>Groups received at the last sign-ins</h3>
      {groupSets.length === 0 ? (
        <p className="muted">No sign-in through this identity provider yet.</p>
      ) : (
        <ul aria-label="Groups received" className="group-sets">
          {groupSets.map((s) => (
            <li key={`${s.at}${s.subject}`}>
              {when(s.at)} · {s.subject}: <span className="mono">{s.groups.join(", ") || "(no groups)"}</span>
            </li>
          ))}
        </ul>
      )}
      <p className="muted small">The last {samplesKept} sign-ins are kept.</p>
      {unmatched.length > 0 && (
        <div className="notice" role="note" aria-label="Mappings that never matched">
          <p>
            These mappings never matched a group this identity provider sent; its users fall back to the default role:
          </p>
          <ul>
            {unmatched.map((m) => (
              <li key={m.idpGroup}>
                <span className="mono">{m.idpGroup}</span>
                <span className="badge warn">never matched</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
