"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api";

interface Integrity {
  status: "verified" | "broken" | "unverified";
  lastVerification: {
    ok: boolean;
    checkedAt: string;
    count: number;
    checkpointsVerified: number;
    message: string | null;
    eventId: string | null;
  } | null;
  lastCheckpoint: { at: string; lane: number; serverSeq: number; seq: number } | null;
  chainLength: number;
  witnessAlarms: { lane: number; seq: number; message: string; reports: number; firstSeenAt: string }[];
}

/** The trail's integrity at a glance: last verification (scheduled or on demand), last signed checkpoint. */
export function IntegrityBadge({ onOpen }: { onOpen: (id: string) => void }) {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ["audit-integrity"], queryFn: () => api<Integrity>("/api/v1/audit/integrity") });
  const verify = useMutation({
    mutationFn: () => api("/api/v1/audit/verify", { method: "POST" }),
    onSettled: () => qc.invalidateQueries({ queryKey: ["audit-integrity"] }),
  });
  if (!q.data) return null;
  const v = q.data.lastVerification;
  const cls = q.data.status === "verified" ? "ok" : q.data.status === "broken" ? "bad" : "neutral";
  const label =
    q.data.status === "verified"
      ? "Chain verified"
      : q.data.status === "broken"
        ? "Tampering detected"
        : "Not verified yet";
  return (
    <div className="panel row" role="status" aria-label="Audit trail integrity">
      <span className={`badge ${cls}`}>{label}</span>
      {v && (
        <span className="muted">
          {v.count} events, {v.checkpointsVerified} signed checkpoints, checked {new Date(v.checkedAt).toLocaleString()}
        </span>
      )}
      {v && !v.ok && (
        <span className="form-error">
          {v.message}
          {v.eventId && (
            <button type="button" className="link" onClick={() => onOpen(v.eventId!)}>
              show event
            </button>
          )}
        </span>
      )}
      {q.data.witnessAlarms.map((a) => (
        <span key={`${a.lane}:${a.seq}`} className="form-error">
          {a.message}: the audit trail was rewritten (first reported {new Date(a.firstSeenAt).toLocaleString()},{" "}
          {a.reports} report{a.reports === 1 ? "" : "s"})
        </span>
      ))}
      {q.data.lastCheckpoint && (
        <span className="muted">
          last checkpoint {new Date(q.data.lastCheckpoint.at).toLocaleString()} (lane {q.data.lastCheckpoint.lane} #
          {q.data.lastCheckpoint.seq}, event {q.data.lastCheckpoint.serverSeq})
        </span>
      )}
      <button type="button" disabled={verify.isPending} onClick={() => verify.mutate()}>
        {verify.isPending ? "Verifying…" : "Verify now"}
      </button>
    </div>
  );
}
