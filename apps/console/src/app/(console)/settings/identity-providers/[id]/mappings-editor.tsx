"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "@/components/form";
import { TableWrap } from "@/components/table-wrap";
import { ApiError, api } from "@/lib/api";
import { ZSaveGroupMappings } from "@/server/sso/schemas";
import { ROLE_OPTIONS } from "../../controls";

interface Row {
  idpGroup: string;
  groupId: string | null;
  role: string | null;
}

export function MappingsEditor({ idpId }: { idpId: string }) {
  const mappings = useQuery({
    queryKey: ["idp-mappings", idpId],
    queryFn: () => api<{ items: Row[] }>(`/api/v1/identity-providers/${idpId}/mappings`),
  });
  const groups = useQuery({
    queryKey: ["groups", "all"],
    queryFn: () => api<{ items: { id: string; name: string }[] }>("/api/v1/groups?pageSize=200"),
  });
  if (mappings.isLoading || groups.isLoading) return <div className="loading">Loading…</div>;
  if (!mappings.data || !groups.data) return <div className="form-error">Could not load the mappings.</div>;
  return <Editor idpId={idpId} initial={mappings.data.items} groups={groups.data.items} />;
}

function Editor({ idpId, initial, groups }: { idpId: string; initial: Row[]; groups: { id: string; name: string }[] }) {
  const qc = useQueryClient();
  const [rows, setRows] = useState<Row[]>(initial.map(({ idpGroup, groupId, role }) => ({ idpGroup, groupId, role })));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (body: { mappings: Row[] }) =>
      api(`/api/v1/identity-providers/${idpId}/mappings`, { method: "PUT", body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["idp-mappings", idpId] }),
  });
  const update = (i: number, patch: Partial<Row>) => {
    setSaved(false);
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  };
  return (
    <form
      noValidate
      aria-label="Group mappings"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        const parsed = ZSaveGroupMappings.safeParse({ mappings: rows });
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const row = typeof issue?.path[1] === "number" ? ` (row ${issue.path[1] + 1})` : "";
          setError(`${issue?.message ?? "Invalid mapping"}${row}`);
          return;
        }
        try {
          await save.mutateAsync(parsed.data as { mappings: Row[] });
          setSaved(true);
        } catch (err) {
          setError(err instanceof ApiError ? err.message : (err as Error).message);
        }
      }}
    >
      <FormError message={error} />
      <TableWrap label="Group mappings" wide>
        <table aria-label="Mappings">
          <thead>
            <tr>
              <th>IdP group</th>
              <th>Console group</th>
              <th>Role</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity until saved
              <tr key={i}>
                <td>
                  <input
                    aria-label={`IdP group ${i + 1}`}
                    value={r.idpGroup}
                    onChange={(e) => update(i, { idpGroup: e.target.value })}
                  />
                </td>
                <td>
                  <select
                    aria-label={`Console group ${i + 1}`}
                    value={r.groupId ?? ""}
                    onChange={(e) => update(i, { groupId: e.target.value || null })}
                  >
                    <option value="">(none)</option>
                    {groups.map((g) => (
                      <option key={g.id} value={g.id}>
                        {g.name}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <select
                    aria-label={`Role ${i + 1}`}
                    value={r.role ?? ""}
                    onChange={(e) => update(i, { role: e.target.value || null })}
                  >
                    <option value="">(none)</option>
                    {ROLE_OPTIONS.map(([v, l]) => (
                      <option key={v} value={v}>
                        {l}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <button type="button" onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <div className="row">
        <button type="button" onClick={() => setRows((rs) => [...rs, { idpGroup: "", groupId: null, role: null }])}>
          Add mapping
        </button>
        <button type="submit" className="primary" disabled={save.isPending}>
          Save mappings
        </button>
        {saved && <span role="status">Mappings saved</span>}
      </div>
    </form>
  );
}
