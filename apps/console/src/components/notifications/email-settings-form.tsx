"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Check, Select, TextArea } from "@/app/(console)/settings/controls";
import { Field, FormError, useZodForm } from "@/components/form";
import { api } from "@/lib/api";
import { type TEmailSettingsInput, ZEmailSettingsInput } from "@/server/notifications/schemas";
import { DELIVERIES_KEY, SETTINGS_KEY, type TEmailView } from "./types";

const SECURITY = [
  ["starttls", "STARTTLS (usually port 587)"],
  ["tls", "TLS from the start (usually port 465)"],
  ["none", "None (no encryption, no sign-in)"],
] as const;

function initial(e: TEmailView): Record<string, unknown> {
  if (!e.configured) {
    return { enabled: true, host: "", port: 587, security: "starttls", username: "", caCert: "", fromAddress: "" };
  }
  const { configured: _c, passwordSet: _p, updatedAt: _u, approvalsContact, ...rest } = e;
  return { ...rest, approvalsContact };
}

/** The org's mail server: approval emails and invitations go out through it. */
export function EmailSettingsForm({ email, canEdit }: { email: TEmailView; canEdit: boolean }) {
  const qc = useQueryClient();
  const f = useZodForm(ZEmailSettingsInput, initial(email));
  const [contactText, setContactText] = useState(email.configured ? email.approvalsContact.join(", ") : "");
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (body: TEmailSettingsInput) => api<TEmailView>("/api/v1/notifications/email", { method: "PUT", body }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: SETTINGS_KEY });
      void qc.invalidateQueries({ queryKey: DELIVERIES_KEY });
    },
  });
  const set = (name: string, v: unknown) => {
    setSaved(false);
    f.set(name, v);
  };
  const passwordSet = email.configured && email.passwordSet;
  return (
    <form
      noValidate
      aria-label="Mail server"
      onSubmit={(e) => {
        e.preventDefault();
        void f.submit(async (body) => {
          await save.mutateAsync(body);
          f.set("password", undefined);
          setSaved(true);
        });
      }}
    >
      <FormError message={f.formError} />
      <Check
        label="Send email notifications"
        name="enabled"
        checked={Boolean(f.values.enabled)}
        onChange={(v) => set("enabled", v)}
      />
      <div className="form-columns">
        <Field
          label="SMTP host"
          name="host"
          value={f.values.host}
          error={f.errors.host}
          placeholder="smtp.example.com"
          onChange={(v) => set("host", v)}
        />
        <Field
          label="Port"
          name="port"
          type="number"
          value={f.values.port}
          error={f.errors.port}
          onChange={(v) => set("port", v)}
        />
      </div>
      <Select
        label="Security"
        name="security"
        value={f.values.security}
        error={f.errors.security}
        options={SECURITY}
        onChange={(v) => set("security", v)}
      />
      <div className="form-columns">
        <Field
          label="Username (optional)"
          name="username"
          value={f.values.username}
          error={f.errors.username}
          autoComplete="off"
          onChange={(v) => set("username", v)}
        />
        <Field
          label={passwordSet ? "Password (stored; type to replace)" : "Password"}
          name="password"
          type="password"
          autoComplete="new-password"
          value={f.values.password ?? ""}
          error={f.errors.password}
          onChange={(v) => set("password", v || undefined)}
        />
      </div>
      <Field
        label="From address"
        name="fromAddress"
        type="email"
        value={f.values.fromAddress}
        error={f.errors.fromAddress}
        placeholder="luminous@example.com"
        onChange={(v) => set("fromAddress", v)}
      />
      <Field
        label="Approvals contact (decisions and expiries, comma-separated)"
        name="approvalsContact"
        value={contactText}
        error={f.errors.approvalsContact}
        placeholder="workstation-team@example.com"
        onChange={(v) => {
          setContactText(v);
          set(
            "approvalsContact",
            v
              .split(/[\s,]+/)
              .map((a) => a.trim())
              .filter(Boolean),
          );
        }}
      />
      <TextArea
        label="Extra CA certificate (PEM, for a private certificate authority)"
        name="caCert"
        rows={3}
        value={f.values.caCert}
        error={f.errors.caCert}
        onChange={(v) => set("caCert", v)}
      />
      {canEdit && (
        <div className="row">
          <button type="submit" className="primary" disabled={f.pending}>
            {f.pending ? "Saving…" : "Save mail server"}
          </button>
          {saved && <span role="status">Saved</span>}
        </div>
      )}
    </form>
  );
}
