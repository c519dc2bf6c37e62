"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Modal } from "@/components/users/ui";
import { ApiError, api } from "@/lib/api";
import type { TApprovalDetail } from "@/server/approvals/get-approval-request";
import { actionText } from "./badges";
import { emptySecondFactor, SecondFactorInput, secondFactorReady } from "./second-factor-input";

type Verdict = "approve" | "deny";

/**
 * One approver's verdict. Deny always needs a reason, approve when the rules say so; a require_mfa
 * request asks for a fresh second factor. Refusals (own request, outside the approval window, a
 * wrong code) show the server's reason here.
 */
export function DecideDialog({
  request: r,
  verdict,
  onClose,
}: {
  request: TApprovalDetail;
  verdict: Verdict | null;
  onClose: () => void;
}) {
  const qc = useQueryClient();
  const router = useRouter();
  const reasonId = useId();
  const [reason, setReason] = useState("");
  const [factor, setFactor] = useState(emptySecondFactor);
  const [fields, setFields] = useState<Record<string, string>>({});
  const mfa = r.kind === "require_mfa";
  const needsReason = verdict === "deny" || r.reasonOnApprove;
  const decide = useMutation({
    mutationFn: () =>
      api<TApprovalDetail>(`/api/v1/approvals/${r.id}/decision`, {
        method: "POST",
        body: { verdict, reason: reason.trim() || undefined, ...(mfa ? { code: factor.code.trim() } : {}) },
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ["approval", r.id] });
      void qc.invalidateQueries({ queryKey: ["approvals"] });
      router.refresh(); // the nav's count
      close();
    },
    onError: (e) => {
      if (e instanceof ApiError) setFields(Object.fromEntries(e.fields.map((f) => [f.path, f.message])));
    },
  });
  const close = () => {
    setReason("");
    setFactor(emptySecondFactor());
    setFields({});
    decide.reset();
    onClose();
  };
  const submit = () => {
    const missing: Record<string, string> = {};
    if (needsReason && !reason.trim())
      missing.reason = verdict === "deny" ? "A reason is required to deny" : "This policy requires a reason to approve";
    if (mfa && !secondFactorReady(factor)) missing.code = "Enter a code from your authenticator";
    setFields(missing);
    if (Object.keys(missing).length === 0) decide.mutate();
  };
  const failed = decide.error && !(decide.error instanceof ApiError && decide.error.fields.length);
  return (
    <Modal
      open={verdict !== null}
      onClose={close}
      title={`${verdict === "deny" ? "Deny" : "Approve"} ${actionText(r)} for ${r.user}`}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {failed && (
          <div className="form-error" role="alert">
            {(decide.error as Error).message}
          </div>
        )}
        <p className="muted" style={{ marginTop: 0 }}>
          On {r.device.hostname}: <span className="mono">{r.command ?? r.action}</span>
        </p>
        <div style={{ marginBottom: 12 }}>
          <label htmlFor={reasonId}>Reason{needsReason ? "" : " (optional)"}</label>
          <textarea
            id={reasonId}
            rows={3}
            maxLength={2000}
            value={reason}
            aria-invalid={fields.reason ? true : undefined}
            onChange={(e) => setReason(e.target.value)}
            style={{ width: "100%" }}
          />
          {fields.reason && <div className="field-error">{fields.reason}</div>}
        </div>
        {mfa && <SecondFactorInput value={factor} onChange={setFactor} error={fields.code} />}
        <div className="row" style={{ justifyContent: "flex-end" }}>
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className={verdict === "deny" ? "danger" : "primary"} disabled={decide.isPending}>
            {decide.isPending ? "Working…" : verdict === "deny" ? "Deny request" : "Approve request"}
          </button>
        </div>
      </form>
    </Modal>
  );
}
