import Link from "next/link";
import { TableWrap } from "@/components/table-wrap";
import { When } from "@/components/users/ui";
import type { TApprovalDetail } from "@/server/approvals/get-approval-request";
import { ApprovalStatusBadge, actionText } from "./badges";

/** The requester's other requests (newest 20) and how each ended. */
export function RequesterHistory({ request: r }: { request: TApprovalDetail }) {
  return (
    <section className="panel">
      <h2>{r.user}'s other requests</h2>
      {r.history.length === 0 ? (
        <p className="muted" style={{ margin: 0 }}>
          None: this is their first request.
        </p>
      ) : (
        <TableWrap label="Requester's other requests">
          <table aria-label={`${r.user}'s other requests`}>
            <thead>
              <tr>
                <th>Action</th>
                <th>Device</th>
                <th>Outcome</th>
                <th>Asked</th>
              </tr>
            </thead>
            <tbody>
              {r.history.map((h) => (
                <tr key={h.id}>
                  <td>
                    <Link href={`/approvals/${h.id}`}>{actionText({ ...h, services: [] })}</Link>
                  </td>
                  <td>{h.hostname}</td>
                  <td>
                    <ApprovalStatusBadge status={h.status} />
                    {h.used && <span className="muted"> · ran, {h.used.success ? "succeeded" : "failed"}</span>}
                  </td>
                  <td>
                    <When iso={h.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
