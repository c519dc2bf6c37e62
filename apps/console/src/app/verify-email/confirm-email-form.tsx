"use client";
import Link from "next/link";
import { useState } from "react";
import { ApiError, api } from "@/lib/api";

type Result = { changed: true; email: string } | { changed: false; message: string };

export function ConfirmEmailForm({ token, problem }: { token: string; problem: string | null }) {
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(problem);

  if (error) {
    return (
      <div>
        <div className="form-error" role="alert">
          {error}
        </div>
        <Link href="/signin">Go to sign in</Link>
      </div>
    );
  }
  if (result) {
    return (
      <div>
        {result.changed ? (
          <p className="notice" role="status">
            Your account's email is now <strong>{result.email}</strong>. Sign in with it from now on.
          </p>
        ) : (
          <div className="form-error" role="alert">
            {result.message}
          </div>
        )}
        <Link href="/signin">Go to sign in</Link>
      </div>
    );
  }
  return (
    <div>
      <p className="muted">Confirm that this address should become your Luminous Console account's email.</p>
      <button
        className="primary"
        type="button"
        disabled={pending}
        onClick={async () => {
          setPending(true);
          try {
            setResult(await api<Result>("/api/public/email-change", { method: "POST", body: { token } }));
          } catch (err) {
            setError(err instanceof ApiError ? err.message : "The email could not be confirmed; try again");
          } finally {
            setPending(false);
          }
        }}
      >
        {pending ? "Confirming…" : "Confirm my new email"}
      </button>
    </div>
  );
}
