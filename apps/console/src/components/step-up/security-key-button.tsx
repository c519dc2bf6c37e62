"use client";
import type { AuthenticationResponseJSON } from "@simplewebauthn/browser";
import { useState } from "react";
import { browserSupportsWebAuthn, securityKeyAssertion, securityKeyError } from "@/lib/security-key";

/**
 * One button that asks the browser for a security-key assertion and hands it on: the reusable
 * piece for any form that takes a second factor (the step-up dialog, approval decisions on
 * require_mfa, removing a key). `onAssertion` sends it to the server; its error is shown here.
 */
export function SecurityKeyButton({
  onAssertion,
  label = "Use security key",
  disabled,
}: {
  onAssertion: (webauthn: AuthenticationResponseJSON) => Promise<void>;
  label?: string;
  disabled?: boolean;
}) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const supported = typeof window === "undefined" || browserSupportsWebAuthn();
  return (
    <div className="security-key-button">
      <button
        type="button"
        disabled={disabled || pending || !supported}
        onClick={async () => {
          setError(null);
          setPending(true);
          try {
            await onAssertion(await securityKeyAssertion());
          } catch (e) {
            setError(securityKeyError(e));
          } finally {
            setPending(false);
          }
        }}
      >
        {pending ? "Touch your security key…" : label}
      </button>
      {!supported && <p className="muted">This browser cannot use security keys.</p>}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
