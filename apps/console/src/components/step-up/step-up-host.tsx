"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { Field, FormError, useZodForm } from "@/components/form";
import { Modal } from "@/components/users/ui";
import { api, setStepUpHandler } from "@/lib/api";
import { ZStepUpCode } from "@/server/step-up/schemas";
import { SecurityKeyButton } from "./security-key-button";

export interface StepUpStatus {
  enabled: boolean;
  minutes: number | null;
  fresh: boolean;
  freshUntil: string | null;
  factor: string | null;
  factors: { totp: boolean; webauthn: boolean };
}

/**
 * The console's step-up prompt. Mounted once in the console layout, it answers every
 * `step_up_required` refusal (see lib/api.ts): the user proves a fresh second factor (a TOTP code or
 * a security key) and the refused request is retried; cancelling leaves the refusal standing.
 */
export function StepUpHost() {
  const [ask, setAsk] = useState<{ message: string } | null>(null);
  const resolver = useRef<((ok: boolean) => void) | null>(null);
  useEffect(() => {
    setStepUpHandler(
      (message) =>
        new Promise<boolean>((resolve) => {
          resolver.current?.(false);
          resolver.current = resolve;
          setAsk({ message });
        }),
    );
    return () => setStepUpHandler(null);
  }, []);
  const finish = (ok: boolean) => {
    resolver.current?.(ok);
    resolver.current = null;
    setAsk(null);
  };
  return (
    <Modal open={ask !== null} onClose={() => finish(false)} title="Confirm it's you">
      {ask && <StepUpForm message={ask.message} onDone={() => finish(true)} onCancel={() => finish(false)} />}
    </Modal>
  );
}

function StepUpForm({ message, onDone, onCancel }: { message: string; onDone: () => void; onCancel: () => void }) {
  const status = useQuery({ queryKey: ["step-up"], queryFn: () => api<StepUpStatus>("/api/v1/me/step-up") });
  const f = useZodForm(ZStepUpCode, { code: "" });
  const factors = status.data?.factors;
  const prove = async (body: unknown) => {
    await api("/api/v1/me/step-up", { method: "POST", body });
    await status.refetch();
    onDone();
  };
  return (
    <div data-testid="step-up-dialog">
      <p>{message}</p>
      {status.isLoading && <div className="loading">Loading…</div>}
      {factors && !factors.totp && !factors.webauthn && (
        <p className="form-error" role="alert">
          You have no second factor yet. <Link href="/profile">Set up TOTP or a security key on your profile</Link>{" "}
          first.
        </p>
      )}
      {factors?.webauthn && (
        <SecurityKeyButton label="Use security key" onAssertion={(webauthn) => prove({ webauthn })} />
      )}
      {factors?.totp && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void f.submit((data) => prove(data));
          }}
        >
          <FormError message={f.formError} />
          <Field
            label="Code from your authenticator app"
            name="step-up-code"
            autoComplete="one-time-code"
            value={f.values.code}
            error={f.errors.code}
            onChange={(v) => f.set("code", v)}
          />
          <button type="submit" className="primary" disabled={f.pending}>
            Confirm
          </button>
        </form>
      )}
      <div className="row">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
