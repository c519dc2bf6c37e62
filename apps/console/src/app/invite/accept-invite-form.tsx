"use client";
import Link from "next/link";
import { useState } from "react";
import { z } from "zod";
import { Field, FormError, useZodForm } from "@/components/form";
import { ApiError, api } from "@/lib/api";
import { ZAcceptInvite } from "@/server/users/schemas";

/** The server's rules plus a confirmation that only the browser needs to check. */
const ZSetPassword = ZAcceptInvite.extend({ confirm: z.string() }).refine((v) => v.password === v.confirm, {
  path: ["confirm"],
  message: "The passwords do not match",
});

export function AcceptInviteForm({ token, problem }: { token: string; problem: string | null }) {
  const f = useZodForm(ZSetPassword, { token, password: "", confirm: "" });
  const [done, setDone] = useState<string | null>(null);
  const [dead, setDead] = useState<string | null>(problem);

  if (done) {
    return (
      <div>
        <p className="notice" role="status">
          Your password is set for <strong>{done}</strong>. You can sign in now.
        </p>
        <Link className="btn primary" href="/signin" style={{ display: "block", textAlign: "center" }}>
          Go to sign in
        </Link>
      </div>
    );
  }
  if (dead) {
    return (
      <div>
        <div className="form-error" role="alert">
          {dead}
        </div>
        <Link href="/signin">Go to sign in</Link>
      </div>
    );
  }
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void f.submit(async ({ token, password }) => {
          try {
            const r = await api<{ email: string }>("/api/public/invite", { method: "POST", body: { token, password } });
            setDone(r.email);
          } catch (err) {
            if (err instanceof ApiError && err.status === 404) setDead(err.message);
            else throw err;
          }
        });
      }}
    >
      <p className="muted" style={{ marginTop: 0 }}>
        Welcome. Choose a password to finish setting up your account.
      </p>
      <FormError
        message={
          f.formError ?? (f.errors.token ? "This invitation link is malformed; ask an admin for a new one." : null)
        }
      />
      <Field
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        value={f.values.password}
        error={f.errors.password}
        onChange={(v) => f.set("password", v)}
      />
      <Field
        label="Confirm password"
        name="confirm"
        type="password"
        autoComplete="new-password"
        value={f.values.confirm}
        error={f.errors.confirm}
        onChange={(v) => f.set("confirm", v)}
      />
      <p className="muted" style={{ marginTop: 0 }}>
        At least 12 characters. A long phrase is easier to remember than a short jumble.
      </p>
      <button className="primary" type="submit" disabled={f.pending}>
        {f.pending ? "Saving…" : "Set password"}
      </button>
    </form>
  );
}
