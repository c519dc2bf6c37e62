"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { TableWrap } from "@/components/table-wrap";
import { api } from "@/lib/api";
import type { TIdentityProviderView } from "@/server/sso/present-identity-provider";
import { TYPE_LABELS } from "./idp-defaults";

export function IdentityProvidersList() {
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ["idps"],
    queryFn: () => api<{ items: TIdentityProviderView[] }>("/api/v1/identity-providers"),
  });
  const toggle = useMutation({
    mutationFn: (p: { id: string; enabled: boolean }) =>
      api(`/api/v1/identity-providers/${p.id}`, { method: "PATCH", body: { enabled: p.enabled } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["idps"] }),
  });
  return (
    <>
      <div className="row" style={{ marginBottom: 12 }}>
        <Link className="btn primary" href="/settings/identity-providers/new?type=saml">
          Add SAML
        </Link>
        <Link className="btn primary" href="/settings/identity-providers/new?type=oidc">
          Add OpenID Connect
        </Link>
        <Link className="btn primary" href="/settings/identity-providers/new?type=ldap">
          Add LDAP / Active Directory
        </Link>
      </div>
      {q.isLoading && <div className="loading">Loading…</div>}
      {q.error && <div className="form-error">Could not load identity providers.</div>}
      {q.data && q.data.items.length === 0 && (
        <p className="muted">No identity providers yet. Add one to let people sign in with your SSO.</p>
      )}
      {q.data && q.data.items.length > 0 && (
        <TableWrap label="Identity providers">
          <table aria-label="Identity providers">
            <thead>
              <tr>
                <th>Name</th>
                <th>Type</th>
                <th>Direct sign-in link</th>
                <th>Group mappings</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {q.data.items.map((i) => (
                <tr key={i.id}>
                  <td>
                    <Link href={`/settings/identity-providers/${i.id}`}>{i.name}</Link>
                  </td>
                  <td>{TYPE_LABELS[i.type] ?? i.type}</td>
                  <td className="mono">{i.signInUrl}</td>
                  <td>{i.mappingCount ?? 0}</td>
                  <td>{i.enabled ? "Enabled" : "Disabled"}</td>
                  <td>
                    <button type="button" onClick={() => toggle.mutate({ id: i.id, enabled: !i.enabled })}>
                      {i.enabled ? `Disable ${i.name}` : `Enable ${i.name}`}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
