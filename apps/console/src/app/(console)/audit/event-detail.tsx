"use client";
import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api";

interface Check {
  ok: boolean | null;
  message: string;
}
interface Detail {
  event: Record<string, unknown> & {
    id: string;
    ts: string;
    deviceTs: string | null;
    receivedAt: string;
    approval: Record<string, unknown> | null;
    execution: { success: boolean; duration_ms: number; changes?: string[] } | null;
    decision: { decision: string; rule: string; reason: string } | null;
    before: unknown;
    after: unknown;
  };
  chain: {
    content: Check;
    server: Check;
    device: Check | null;
    checkpoint: { covered: boolean; at: string | null; lane: number | null; serverSeq: number | null };
  };
}

const mark = (c: Check | null) => (c === null ? "—" : c.ok === true ? "✔" : c.ok === false ? "✘" : "?");
// Shown in sections of their own beside the field list.
const SKIP = new Set(["approval", "execution", "decision", "before", "after", "data"]);

function show(v: unknown): string {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** Every field of one event, its decision, approval and execution parts, its data, and where it stands in the chains. */
export function EventDetail({ id }: { id: string }) {
  const q = useQuery({ queryKey: ["audit-event", id], queryFn: () => api<Detail>(`/api/v1/audit-events/${id}`) });
  if (q.isLoading) return <div className="loading">Loading event…</div>;
  if (q.isError || !q.data)
    return <div className="form-error">Could not load the event: {(q.error as Error)?.message}</div>;
  const { event: e, chain } = q.data;
  return (
    <section className="row" style={{ alignItems: "flex-start", flexWrap: "wrap" }} aria-label="Event detail">
      <dl style={{ margin: 0, minWidth: 360, flex: 2 }}>
        {Object.entries(e)
          .filter(([k]) => !SKIP.has(k))
          .map(([k, v]) => (
            <div key={k} className="row">
              <dt className="muted" style={{ minWidth: 120 }}>
                {k}
              </dt>
              <dd className="mono" style={{ margin: 0, wordBreak: "break-all" }}>
                {k === "ts" || k === "receivedAt" ? `${show(v)} (${new Date(String(v)).toLocaleString()})` : show(v)}
              </dd>
            </div>
          ))}
      </dl>
      <div style={{ flex: 1, minWidth: 260 }}>
        <div className="muted">Chain status</div>
        <ul aria-label="Chain status">
          <li>
            {mark(chain.content)} content: {chain.content.message}
          </li>
          <li>
            {mark(chain.server)} org chain: {chain.server.message}
          </li>
          {chain.device && (
            <li>
              {mark(chain.device)} device chain: {chain.device.message}
            </li>
          )}
          <li>
            {chain.checkpoint.covered
              ? `✔ covered by the checkpoint signed ${new Date(chain.checkpoint.at!).toLocaleString()} (lane ${chain.checkpoint.lane} #${chain.checkpoint.serverSeq})`
              : "… not yet covered by a signed checkpoint"}
          </li>
        </ul>
        {e.decision && (
          <section aria-label="Decision">
            <div className="muted">Decision</div>
            <p>
              <span className="badge neutral">{e.decision.decision}</span> rule{" "}
              <span className="mono">{e.decision.rule}</span>: {e.decision.reason}
            </p>
          </section>
        )}
        <section aria-label="Approval">
          <div className="muted">Approval</div>
          {e.approval ? <pre className="json">{JSON.stringify(e.approval, null, 2)}</pre> : <p>—</p>}
        </section>
        <section aria-label="Execution">
          <div className="muted">Execution</div>
          {e.execution ? (
            <div>
              <p>
                {e.execution.success ? "succeeded" : "failed"} in {e.execution.duration_ms} ms
              </p>
              {e.execution.changes?.length ? (
                <ul aria-label="Changes">
                  {e.execution.changes.map((c) => (
                    <li key={c} className="mono">
                      {c}
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : (
            <p>—</p>
          )}
        </section>
        {(e.before !== null || e.after !== null) && (
          <section aria-label="Change">
            <div className="muted">Change</div>
            <pre className="json">{JSON.stringify({ before: e.before, after: e.after }, null, 2)}</pre>
          </section>
        )}
        {e.data !== null && e.data !== undefined && (
          <section aria-label="Data">
            <div className="muted">Data</div>
            <pre className="json">{JSON.stringify(e.data, null, 2)}</pre>
          </section>
        )}
      </div>
    </section>
  );
}
