"use client";
import { useState } from "react";
import { Field, FormError, useZodForm } from "@/components/form";
import { api } from "@/lib/api";
import { ZChangePassword } from "@/server/profile/schemas";

export function ChangePassword() {
  const f = useZodForm(ZChangePassword, { currentPassword: "", newPassword: "" });
  const [done, setDone] = useState(false);
  return (
    <section className="panel">
      <h2>Password</h2>
      {done && <div className="notice">Password changed. Your other sessions were signed out.</div>}
      <form
        noValidate
        style={{ maxWidth: 360 }}
        onSubmit={(e) => {
          e.preventDefault();
          void f.submit(async (data) => {
            await api("/api/v1/me/password", { method: "POST", body: data });
            setDone(true);
            f.reset();
          });
        }}
      >
        <FormError message={f.formError} />
        <Field
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          value={f.values.currentPassword}
          error={f.errors.currentPassword}
          onChange={(v) => f.set("currentPassword", v)}
        />
        <Field
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          value={f.values.newPassword}
          error={f.errors.newPassword}
          onChange={(v) => f.set("newPassword", v)}
        />
        <button type="submit" className="primary" disabled={f.pending}>
          {f.pending ? "Saving…" : "Change password"}
        </button>
      </form>
    </section>
  );
}
