"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { may, type Viewer } from "@/components/users/access";
import { LoadError, When } from "@/components/users/ui";
import { api } from "@/lib/api";
import type { TApprovalDetail } from "@/server/approvals/get-approval-request";
import { ApprovalLevels } from "./approval-levels";
import { ApprovalStatusBadge, actionText, KindBadge } from "./badges";
import { DecideDialog } from "./decide-dialog";
import { RequesterHistory } from "./requester-history";
import { ReviewPanel } from "./review-panel";
import { UsePanel } from "./use-panel";

export function ApprovalDetail({ id, viewer }: { id: string; viewer: Viewer }) {
  const [verdict, setVerdict] = useState<"approve" | "deny" | null>(null);
  const q = useQuery({
    queryKey: ["approval", id],
    queryFn: () => api<TApprovalDetail>(`/api/v1/approvals/${id}`),
    // a pending request is watched: other approvers may decide it, or it may expire
    refetchInterval: (query) => (query.state.data?.status === "pending" ? 10_000 : false),
  });
  if (q.isError) return <LoadError error={q.error} retry={() => q.refetch()} />;
  if (!q.data)
    return (
      <div className="loading" aria-busy="true">
        Loading request…
      </div>
    );
  const r = q.data;
  const canDecide = may(viewer, "approval.decide");
  return (
    <>
      <div className="spread" style={{ marginBottom: 12 }}>
        <div className="row wrap">
          <h1 style={{ margin: 0, overflowWrap: "anywhere" }}>{actionText(r)}</h1>
          <ApprovalStatusBadge status={r.status} />
          <KindBadge kind={r.kind} />
        </div>
        {canDecide && r.status === "pending" && !r.viewer.voted && (
          <div className="row">
            <button type="button" className="primary" onClick={() => setVerdict("approve")}>
              Approve
            </button>
            <button type="button" className="danger" onClick={() => setVerdict("deny")}>
              Deny
            </button>
          </div>
        )}
      </div>
      {canDecide && r.status === "pending" && r.viewer.voted && (
        <p className="notice">You have decided this request; it waits for the other levels.</p>
      )}
      {canDecide && r.status === "pending" && !r.viewer.voted && r.viewer.message && (
        <p className="muted">{r.viewer.message}.</p>
      )}
      {r.breakGlass && (
        <div className="form-error">
          Ran without approval (break-glass) <When iso={r.createdAt} />. Reason given: “{r.reason}”
        </div>
      )}
      <section className="panel">
        <h2>Request</h2>
        <dl className="kv">
          <dt className="muted">Asked in their words</dt>
          <dd>{r.sentence ? `“${r.sentence}”` : "—"}</dd>
          <dt className="muted">Resolved command</dt>
          <dd>{r.command ? <pre className="command mono">{r.command}</pre> : "—"}</dd>
          <dt className="muted">Action</dt>
          <dd className="mono">{r.action}</dd>
          <dt className="muted">Packages</dt>
          <dd>{r.packages.length ? r.packages.join(", ") : "—"}</dd>
          <dt className="muted">Services</dt>
          <dd>{r.services.length ? r.services.join(", ") : "—"}</dd>
          {!r.breakGlass && (
            <>
              <dt className="muted">Reason</dt>
              <dd>{r.reason ?? "—"}</dd>
            </>
          )}
          <dt className="muted">Requester</dt>
          <dd>{r.user}</dd>
          <dt className="muted">Device</dt>
          <dd>
            <Link href={`/devices/${r.device.id}`}>{r.device.hostname}</Link>
            {r.device.nixosVersion && <span className="muted"> · NixOS {r.device.nixosVersion}</span>}
          </dd>
          <dt className="muted">Rule</dt>
          <dd className="mono">{r.rule}</dd>
          <dt className="muted">Policy version</dt>
          <dd>v{r.policyVersion}</dd>
          <dt className="muted">Asked</dt>
          <dd>
            <When iso={r.createdAt} /> <span className="muted">({new Date(r.createdAt).toUTCString()})</span>
          </dd>
          {r.status === "pending" && (
            <>
              <dt className="muted">Expires</dt>
              <dd>
                <When iso={r.expiresAt} />
              </dd>
            </>
          )}
          {r.decidedAt && !r.breakGlass && (
            <>
              <dt className="muted">{r.status === "expired" ? "Expired" : "Decided"}</dt>
              <dd>
                <When iso={r.decidedAt} />
                {r.denyReason && <>: “{r.denyReason}”</>}
              </dd>
            </>
          )}
        </dl>
      </section>
      {r.breakGlass && <ReviewPanel request={r} canClose={canDecide} />}
      <ApprovalLevels request={r} />
      <UsePanel request={r} />
      <RequesterHistory request={r} />
      <DecideDialog request={r} verdict={verdict} onClose={() => setVerdict(null)} />
    </>
  );
}
