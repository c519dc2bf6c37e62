import { When } from "@/components/users/ui";
import type { TApprovalDetail } from "@/server/approvals/get-approval-request";

/** What the workstation executed with the approval (or under break-glass), and whether it worked. */
export function UsePanel({ request: r }: { request: TApprovalDetail }) {
  let body: React.ReactNode;
  if (r.use) {
    body = (
      <dl className="kv">
        <dt className="muted">Executed</dt>
        <dd>{r.use.executedCommand ? <pre className="command mono">{r.use.executedCommand}</pre> : "—"}</dd>
        <dt className="muted">Result</dt>
        <dd>
          <span className={`badge ${r.use.success ? "ok" : "bad"}`}>{r.use.success ? "Succeeded" : "Failed"}</span>{" "}
          <When iso={r.use.at} />
          {r.use.executedCommand && r.command && r.use.executedCommand !== r.command && (
            <span className="field-error"> · differs from the approved command</span>
          )}
        </dd>
        {r.use.detail && (
          <>
            <dt className="muted">Detail</dt>
            <dd>{r.use.detail}</dd>
          </>
        )}
      </dl>
    );
  } else if (r.lapsedAt) {
    body = (
      <p style={{ margin: 0 }}>
        Never used: the approval lapsed <When iso={r.validUntil} />.
      </p>
    );
  } else if (r.status === "approved" || r.status === "break_glass") {
    body = (
      <p style={{ margin: 0 }}>
        Not reported yet
        {r.validUntil && r.status === "approved" ? (
          <>
            {" "}
            (valid until <When iso={r.validUntil} />)
          </>
        ) : null}
        .
      </p>
    );
  } else {
    body = (
      <p className="muted" style={{ margin: 0 }}>
        Nothing ran: the request was not approved.
      </p>
    );
  }
  return (
    <section className="panel">
      <h2>Use</h2>
      {body}
    </section>
  );
}
