const STATUS: Record<string, [string, string]> = {
  pending: ["warn", "Pending"],
  approved: ["ok", "Approved"],
  denied: ["bad", "Denied"],
  expired: ["neutral", "Expired"],
  break_glass: ["glass", "Break-glass"],
};

export function ApprovalStatusBadge({ status }: { status: string }) {
  const [tone, label] = STATUS[status] ?? ["neutral", status];
  return <span className={`badge ${tone}`}>{label}</span>;
}

export function KindBadge({ kind }: { kind: string }) {
  return kind === "require_mfa" ? (
    <span className="badge neutral" title="Each approver confirms with a fresh second factor">
      MFA
    </span>
  ) : (
    <span className="badge neutral">Approval</span>
  );
}

/** The action with its packages and services, as the requester asked for it. */
export function actionText(r: { action: string; packages: string[]; services: string[] }): string {
  return [r.action, ...r.packages, ...r.services].join(" ");
}
