"use client";
import { z } from "zod";
import { Field, FormError, useZodForm } from "@/components/form";
import { SecurityKeyButton } from "@/components/step-up/security-key-button";
import { api } from "@/lib/api";
import type { KeyView } from "./security-keys";

const ZReauth = z.object({
  password: z.string().max(256),
  code: z.string().trim().max(64),
});

/** Removing a key re-authenticates: the password, a TOTP or recovery code, or a security key. */
export function RemoveKeyForm({
  keyView,
  onRemoved,
  onCancel,
}: {
  keyView: KeyView;
  onRemoved: () => Promise<void>;
  onCancel: () => void;
}) {
  const f = useZodForm(ZReauth, { password: "", code: "" });
  const remove = async (body: Record<string, unknown>) => {
    await api(`/api/v1/me/webauthn/credentials/${keyView.id}`, { method: "DELETE", body });
    await onRemoved();
  };
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void f.submit(async (data) =>
          remove({ ...(data.password ? { password: data.password } : {}), ...(data.code ? { code: data.code } : {}) }),
        );
      }}
    >
      <p>Confirm it is you with your password, a code from your authenticator app, or a security key.</p>
      <FormError message={f.formError} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        value={f.values.password}
        error={f.errors.password}
        onChange={(v) => f.set("password", v)}
      />
      <Field
        label="Or a code from your authenticator app"
        name="code"
        autoComplete="one-time-code"
        value={f.values.code}
        error={f.errors.code}
        onChange={(v) => f.set("code", v)}
      />
      <div className="row">
        <button type="submit" className="danger" disabled={f.pending}>
          Remove key
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <SecurityKeyButton
        label="Or confirm with a security key and remove"
        onAssertion={(webauthn) => remove({ webauthn })}
      />
    </form>
  );
}
