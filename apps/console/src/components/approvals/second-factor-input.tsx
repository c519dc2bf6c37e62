"use client";
import { useId } from "react";

/**
 * What an approver confirms a require_mfa decision with; sent as the decision's second factor.
 * Today a TOTP code (or a recovery code); another factor (a security key) adds its own member here
 * and its own control below, and the decision body grows with it.
 */
export interface TSecondFactor {
  code: string;
}

export const emptySecondFactor = (): TSecondFactor => ({ code: "" });

export const secondFactorReady = (f: TSecondFactor) => f.code.trim().length > 0;

export function SecondFactorInput({
  value,
  onChange,
  error,
}: {
  value: TSecondFactor;
  onChange: (f: TSecondFactor) => void;
  error?: string;
}) {
  const id = useId();
  return (
    <div className="fieldset" style={{ marginBottom: 12 }}>
      <label htmlFor={id}>Authenticator code</label>
      <input
        id={id}
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={64}
        value={value.code}
        aria-describedby={`${id}-help`}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange({ ...value, code: e.target.value })}
        style={{ maxWidth: 220 }}
      />
      <div id={`${id}-help`} className="muted small">
        This request needs a fresh second factor: the current 6-digit code from your authenticator app (or a recovery
        code). A code counts once.
      </div>
      {error && <div className="field-error">{error}</div>}
    </div>
  );
}
