/** The fields of a listed event that say what it was about. */
export interface RowSubject {
  category: string;
  action: string | null;
  command: string | null;
  packages?: string[];
  services?: string[];
  decision?: { decision?: string; rule?: string } | null;
  target: { type: string; id: string | null; label: string | null } | null;
}

/**
 * The "Command / target" cell: the command as typed; else, for a workstation event without one
 * (a policy decision), the action, its packages or services and the deciding rule; else the
 * console action's target.
 */
export function RowSummary({ e }: { e: RowSubject }) {
  if (e.command) return <span className="mono">{e.command}</span>;
  if (e.category !== "admin" && (e.action || e.decision?.rule)) {
    const what = [...(e.packages ?? []), ...(e.services ?? [])].join(", ");
    return (
      <span>
        <span className="mono">{e.action ?? "request"}</span>
        {what && <span className="mono"> {what}</span>}
        {e.decision?.rule && <span className="muted"> · rule {e.decision.rule}</span>}
      </span>
    );
  }
  return e.target ? <span>{`${e.target.type}: ${e.target.label ?? e.target.id}`}</span> : null;
}
