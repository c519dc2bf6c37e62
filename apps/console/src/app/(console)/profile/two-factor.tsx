"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Smartphone } from "lucide-react";
import { useState } from "react";
import { Field, FormError, useZodForm } from "@/components/form";
import { QrCode } from "@/components/ui/qr-code";
import { api } from "@/lib/api";
import { ZConfirmTotp, ZDisableTotp } from "@/server/profile/schemas";

export function TwoFactor() {
  const qc = useQueryClient();
  const me = useQuery({
    queryKey: ["me"],
    queryFn: () => api<{ mfaEnabled: boolean; hasPassword: boolean }>("/api/v1/me"),
  });
  const [setup, setSetup] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const start = useMutation({
    mutationFn: () => api<{ secret: string; otpauthUri: string }>("/api/v1/me/mfa/totp", { method: "POST" }),
    onSuccess: setSetup,
  });
  const confirm = useZodForm(ZConfirmTotp, { code: "" });
  const disable = useZodForm(ZDisableTotp, { password: "", code: "" });

  return (
    <section className="panel">
      <h2>Two-factor authentication</h2>
      {me.isLoading && <div className="loading">Loading…</div>}
      {codes && (
        <div className="notice" role="status">
          <strong>Recovery codes — shown once.</strong> Keep them somewhere safe; each works once if you lose your
          device.
          <pre className="mono">{codes.join("\n")}</pre>
        </div>
      )}
      {me.data && !me.data.mfaEnabled && !setup && (
        <>
          <p className="muted">Off. Add an authenticator app (TOTP) to protect your account.</p>
          <button
            type="button"
            className="primary icon-label"
            onClick={() => start.mutate()}
            disabled={start.isPending}
          >
            <Smartphone size={16} aria-hidden />
            Set up authenticator app
          </button>
          <FormError message={start.error ? (start.error as Error).message : null} />
        </>
      )}
      {setup && !me.data?.mfaEnabled && (
        <form
          noValidate
          style={{ maxWidth: 520 }}
          onSubmit={(e) => {
            e.preventDefault();
            void confirm.submit(async (data) => {
              const r = await api<{ recoveryCodes: string[] }>("/api/v1/me/mfa/totp/confirm", {
                method: "POST",
                body: data,
              });
              setCodes(r.recoveryCodes);
              setSetup(null);
              await qc.invalidateQueries({ queryKey: ["me"] });
            });
          }}
        >
          <p>Scan this code with your authenticator app, then enter the 6-digit code it shows.</p>
          <QrCode text={setup.otpauthUri} label="QR code of the authenticator key" />
          <p>
            Cannot scan? Enter this key instead: <code data-testid="totp-secret">{setup.secret}</code>
          </p>
          <p className="muted mono" style={{ wordBreak: "break-all" }} data-testid="totp-uri">
            {setup.otpauthUri}
          </p>
          <FormError message={confirm.formError} />
          <Field
            label="Verification code"
            name="code"
            autoComplete="one-time-code"
            value={confirm.values.code}
            error={confirm.errors.code}
            onChange={(v) => confirm.set("code", v)}
          />
          <button type="submit" className="primary" disabled={confirm.pending}>
            Turn on
          </button>
        </form>
      )}
      {me.data?.mfaEnabled && (
        <form
          noValidate
          style={{ maxWidth: 360 }}
          onSubmit={(e) => {
            e.preventDefault();
            void disable.submit(async (data) => {
              await api("/api/v1/me/mfa/totp", { method: "DELETE", body: data });
              setCodes(null);
              await qc.invalidateQueries({ queryKey: ["me"] });
            });
          }}
        >
          <p>
            <span className="badge ok">On</span> Sign-in asks for a code from your authenticator app.
          </p>
          <FormError message={disable.formError} />
          <Field
            label="Password to turn it off"
            name="password"
            type="password"
            value={disable.values.password}
            error={disable.errors.password}
            onChange={(v) => disable.set("password", v)}
          />
          <Field
            label="Code from your authenticator app (or a recovery code)"
            name="code"
            autoComplete="one-time-code"
            value={disable.values.code}
            error={disable.errors.code}
            onChange={(v) => disable.set("code", v)}
          />
          <button type="submit" className="danger">
            Turn off two-factor
          </button>
        </form>
      )}
    </section>
  );
}
