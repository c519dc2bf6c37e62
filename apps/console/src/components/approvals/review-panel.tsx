"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { When } from "@/components/users/ui";
import { ApiError, api } from "@/lib/api";
import type { TApprovalDetail } from "@/server/approvals/get-approval-request";

/** The follow-up review of a break-glass action: open until a person closes it with a note. */
export function ReviewPanel({ request: r, canClose }: { request: TApprovalDetail; canClose: boolean }) {
  const qc = useQueryClient();
  const noteId = useId();
  const [note, setNote] = useState("");
  const close = useMutation({
    mutationFn: () => api(`/api/v1/approvals/${r.id}/review`, { method: "POST", body: { note } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ["approval", r.id] });
      void qc.invalidateQueries({ queryKey: ["approvals"] });
    },
  });
  const review = r.review;
  if (!review) return null;
  const fieldError =
    close.error instanceof ApiError ? close.error.fields.find((f) => f.path === "note")?.message : null;
  return (
    <section className="panel" aria-labelledby={`${noteId}-h`}>
      <h2 id={`${noteId}-h`}>Follow-up review</h2>
      {review.closedAt ? (
        <p style={{ margin: 0 }}>
          Closed <When iso={review.closedAt} /> by {review.closedByLabel ?? "—"}: {review.note}
        </p>
      ) : canClose ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            close.mutate();
          }}
        >
          <p style={{ marginTop: 0 }}>
            This action ran without approval. Check what was done and why, then close the review with what you found.
          </p>
          {close.error && !fieldError && (
            <div className="form-error" role="alert">
              {close.error.message}
            </div>
          )}
          <label htmlFor={noteId}>Review note</label>
          <textarea
            id={noteId}
            rows={3}
            maxLength={2000}
            value={note}
            aria-invalid={fieldError ? true : undefined}
            onChange={(e) => setNote(e.target.value)}
            style={{ width: "100%" }}
          />
          {fieldError && <div className="field-error">{fieldError}</div>}
          <div className="row" style={{ justifyContent: "flex-end", marginTop: 8 }}>
            <button type="submit" className="primary" disabled={close.isPending}>
              {close.isPending ? "Working…" : "Close review"}
            </button>
          </div>
        </form>
      ) : (
        <p style={{ margin: 0 }}>Open: waiting for someone who may decide approvals to review it.</p>
      )}
    </section>
  );
}
