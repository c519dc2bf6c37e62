"use client";
import { type ReactNode, useEffect, useId, useRef, useState } from "react";
import { ApiError } from "@/lib/api";

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export function useDebounced<T>(value: T, ms = 300): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function Pager({
  page,
  pageSize,
  total,
  onPage,
  noun,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (p: number) => void;
  noun: string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="pager" aria-label="Pages">
      <span className="muted">
        {total} {noun} · page {page} of {pages}
      </span>
      <button type="button" onClick={() => onPage(page - 1)} disabled={page <= 1}>
        Previous
      </button>
      <button type="button" onClick={() => onPage(page + 1)} disabled={page >= pages}>
        Next
      </button>
    </nav>
  );
}

/** A native modal dialog: focus trap, Escape and the accessible "dialog" role come with it. */
export function Modal({
  open,
  onClose,
  title,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={onClose}
      style={{ width: 560, maxWidth: "calc(100vw - 32px)" }}
    >
      {open && (
        <>
          <h2 id={titleId}>{title}</h2>
          {children}
        </>
      )}
    </dialog>
  );
}

/** Asks before an action with consequences; the consequence is spelled out in `children`. */
export function Confirm({
  open,
  title,
  children,
  confirmLabel,
  danger,
  pending,
  error,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  pending?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Modal open={open} onClose={onClose} title={title}>
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
      <div style={{ marginBottom: 16 }}>{children}</div>
      <div className="row" style={{ justifyContent: "flex-end" }}>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className={danger ? "danger" : "primary"} disabled={pending} onClick={onConfirm}>
          {pending ? "Working…" : confirmLabel}
        </button>
      </div>
    </Modal>
  );
}

export function TableSkeleton({ cols, rows = 6 }: { cols: number; rows?: number }) {
  return (
    <tbody aria-busy="true" aria-label="Loading">
      {Array.from({ length: rows }, (_, r) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity
        <tr key={r}>
          {Array.from({ length: cols }, (_, c) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholder cells have no identity
            <td key={c}>
              <div className="skeleton" style={{ width: `${50 + ((r * 7 + c * 13) % 45)}%` }} />
            </td>
          ))}
        </tr>
      ))}
    </tbody>
  );
}

/** A retry helps with a server or network failure, never with a refusal (not found, forbidden, bad input). */
function retryable(error: unknown): boolean {
  return !(error instanceof ApiError) || error.status >= 500 || error.status === 408 || error.status === 429;
}

/**
 * A loading line only while a request is in flight (react-query's isLoading: pending and fetching).
 * A query that is disabled, paused or settled without data shows nothing instead of a spinner
 * that never ends.
 */
export function Pending({ q, label }: { q: { isLoading: boolean }; label: string }) {
  return q.isLoading ? (
    <div className="loading" aria-busy="true">
      {label}
    </div>
  ) : null;
}

export function LoadError({ error, retry }: { error: unknown; retry?: () => void }) {
  return (
    <div className="form-error" role="alert">
      {(error as Error)?.message ?? "Something went wrong"}
      {retry && retryable(error) && (
        <>
          {" "}
          <button type="button" onClick={retry}>
            Try again
          </button>
        </>
      )}
    </div>
  );
}

const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

export function When({ iso, never = "Never" }: { iso: string | null; never?: string }) {
  if (!iso) return <span className="muted">{never}</span>;
  const d = new Date(iso);
  const mins = Math.round((d.getTime() - Date.now()) / 60_000);
  const text =
    Math.abs(mins) < 60
      ? rtf.format(mins, "minute")
      : Math.abs(mins) < 60 * 48
        ? rtf.format(Math.round(mins / 60), "hour")
        : rtf.format(Math.round(mins / 1440), "day");
  return (
    <time dateTime={iso} title={d.toUTCString()}>
      {text}
    </time>
  );
}
