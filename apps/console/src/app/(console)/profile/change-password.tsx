"use client";
import { useState } from "react";
import { Field, FormError, useZodForm } from "@/components/form";
import { api } from "@/lib/api";
import { ZChangePassword } from "@/server/profile/schemas";

export function ChangePassword() {
  const f = useZodForm(ZChangePassword, { currentPassword: "", newPassword: "", revokeApiTokens: true });
  const [done, setDone] = useState<{ tokens: boolean } | null>(null);
  return (
    <section className="panel">
      <h2>Password</h2>
      {done && (
        <div className="notice" role="status">
          Password changed. Your other sessions were signed out
          {done.tokens ? " and your API tokens revoked." : "; your API tokens keep working."}
        </div>
      )}
      <form
        noValidate
        style={{ maxWidth: 360 }}
        onSubmit={(e) => {
          e.preventDefault();
          void f.submit(async (data) => {
            await api("/api/v1/me/password", { method: "POST", body: data });
            setDone({ tokens: data.revokeApiTokens });
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
        <label className="row" style={{ gap: 6, margin: "0 0 12px" }}>
          <input
            type="checkbox"
            name="revokeApiTokens"
            checked={f.values.revokeApiTokens === true}
            onChange={(e) => f.set("revokeApiTokens", e.target.checked)}
          />
          Also revoke my API tokens (scripts using them stop working)
        </label>
        <button type="submit" className="primary" disabled={f.pending}>
          {f.pending ? "Saving…" : "Change password"}
        </button>
      </form>
    </section>
  );
}
