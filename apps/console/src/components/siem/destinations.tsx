"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api";
import { DestinationCard } from "./destination-card";
import { DestinationForm } from "./destination-form";
import type { Destination } from "./types";

/** Settings > Integrations: the org's SIEM destinations, their health (refreshed every 5 s) and the add form. */
export function SiemDestinations({ canEdit }: { canEdit: boolean }) {
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: ["siem-destinations"],
    queryFn: () => api<{ items: Destination[] }>("/api/v1/siem-destinations"),
    refetchInterval: 5000,
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: ["siem-destinations"] });
  return (
    <>
      <section aria-labelledby="siem-list" aria-busy={list.isPending}>
        <h2 id="siem-list">SIEM destinations</h2>
        {list.isPending && (
          <div className="loading" role="status">
            Loading destinations…
            <div className="skeleton" style={{ width: "70%", marginTop: 8 }} />
          </div>
        )}
        {list.error && (
          <p className="form-error" role="alert">
            {(list.error as Error).message}
          </p>
        )}
        {list.data?.items.length === 0 && (
          <p className="muted">No destinations yet: the audit trail is kept here only.</p>
        )}
        {list.data?.items.map((d) => (
          <DestinationCard key={d.id} d={d} canEdit={canEdit} onChange={refresh} />
        ))}
      </section>
      {canEdit && (
        <section className="panel" aria-labelledby="siem-add">
          <h2 id="siem-add">Add a destination</h2>
          <DestinationForm onCreated={refresh} />
        </section>
      )}
    </>
  );
}
